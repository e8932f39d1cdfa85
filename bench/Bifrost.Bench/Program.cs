using BenchmarkDotNet.Running;
using Bifrost.Bench;

// "micro": BenchmarkDotNet over the mutation itself.
// "bare":  the load test's floor, a Kestrel endpoint that answers a fixed AdmissionReview over the same TLS.
return args switch
{
    ["bare", .. var rest] => await BareEndpoint.RunAsync(rest),
    ["micro", .. var rest] => RunMicro(rest),
    _ => Usage(),
};

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(MutationBenchmarks).Assembly).Run(args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Bifrost.Bench micro [BenchmarkDotNet options] | bare --urls URL --cert FILE --key FILE");
    return 2;
}
