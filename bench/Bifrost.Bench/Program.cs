using BenchmarkDotNet.Running;
using Bifrost.Bench;

// "micro": BenchmarkDotNet over the mutation itself.
// "bare":  the load test's floor, a Kestrel endpoint that answers a fixed AdmissionReview over the same TLS.
// "mutation": a quick timing of the same path, for the load script.
// "intake": simulated tracers posting reports to a running webhook as fast as they are answered (closed loop).
// "intake-open": reports at a fixed arrival rate from many pods (open loop); "intake-burst": tracers posting at once.
return args switch
{
    ["bare", .. var rest] => await BareEndpoint.RunAsync(rest),
    ["intake", .. var rest] => await IntakeLoad.RunAsync(rest),
    ["intake-open", .. var rest] => await IntakeOpenLoad.RunOpenAsync(rest),
    ["intake-burst", .. var rest] => await IntakeOpenLoad.RunBurstAsync(rest),
    ["profiles"] => ProfileFigures.Run(),
    ["micro", .. var rest] => RunMicro(rest),
    ["mutation"] => MutationTiming.Run(),
    _ => Usage(),
};

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(MutationBenchmarks).Assembly).Run(args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Bifrost.Bench micro [BenchmarkDotNet options] | bare --urls URL --cert FILE --key FILE | mutation | intake --url URL --token-file F --ca-file F [--tracers N] [--seconds S] | intake-open (the same) [--rate R] [--seconds S] [--connections N] [--pods N] [--workloads N] | intake-burst (the same) [--tracers N] | profiles");
    return 2;
}
