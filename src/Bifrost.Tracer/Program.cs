using Bifrost.Tracer.Local;
using Bifrost.Tracer.Sidecar;

using var stop = new CancellationTokenSource();
return args.FirstOrDefault() switch
{
    "learn" => await LearnCommandLine.RunAsync(args[1..], Console.Out, Console.Error, stop.Token),
    "run" or null => await SidecarHost.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Bifrost.Tracer run | " + LearnCommandLine.Usage);
    return 2;
}
