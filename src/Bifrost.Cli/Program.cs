using Bifrost.Cli.Commands;

if (args is ["profile", ..])
    return ProfileCommand.Run(args[1..], Console.In, Console.Out, Console.Error);

Console.Error.WriteLine("usage: bifrost inject -f FILE");
return 2;
