using System.Reflection;
using System.Text;
using Bifrost.Cli.Commands;

namespace Bifrost.Cli;

/// <summary>The <c>bifrost</c> entry point: picks the command, prints help, turns usage errors into exit code 2.</summary>
internal static class BifrostCli
{
    private static readonly ICommand[] Commands = [new InjectCommand(), new LearnCommand(), new ProfileCommand(), new VexCommand()];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            await console.Error.WriteAsync(Overview()).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        switch (args[0])
        {
            case "-h" or "--help" or "help" when args.Count == 1:
                await console.Out.WriteAsync(Overview()).ConfigureAwait(false);
                return ExitCodes.Success;
            case "help" when Find(args[1]) is { } topic:
                await console.Out.WriteAsync(topic.Help).ConfigureAwait(false);
                return ExitCodes.Success;
            case "--version" or "version":
                await console.Out.WriteLineAsync($"bifrost {Version}").ConfigureAwait(false);
                return ExitCodes.Success;
        }

        if (Find(args[0]) is not { } command)
        {
            await console.Error.WriteAsync($"bifrost: unknown command '{args[0]}'\n\n{Overview()}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "-h" or "--help"))
        {
            await console.Out.WriteAsync(command.Help).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await console.Error.WriteAsync($"bifrost {command.Name}: {e.Message}\n\n{command.Help}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    private static ICommand? Find(string name) => Array.Find(Commands, c => c.Name == name);

    private static string Version =>
        typeof(BifrostCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static string Overview()
    {
        var text = new StringBuilder("usage: bifrost <command> [options]\n\ncommands:\n");
        foreach (var command in Commands)
            text.Append("  ").Append(command.Name.PadRight(10)).Append(command.Summary).Append('\n');
        text.Append("\nRun 'bifrost <command> --help' for a command's options.\n");
        return text.ToString();
    }
}
