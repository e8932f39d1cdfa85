using Bifrost.Scale.Bench;

// "apiserver": the stand-in API server, in its own process; prints its address and serves until stdin closes.
// "run": the scale model (see ScaleModel) against such a server, started as a child process.
return args switch
{
    ["apiserver"] => await StandInProcess.ServeAsync(),
    ["run", .. var rest] => await ScaleModel.RunAsync(ScaleSettings.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Bifrost.Scale.Bench run [--workloads N] [--pods-per-workload N] [--cycles N] [--learning-cycles N] [--agents N] | apiserver");
    return 2;
}
