using BenchmarkDotNet.Attributes;
using Bifrost.Core.Admission;

namespace Bifrost.Bench;

/// <summary>The whole admission path in Core: parse the review, decide, build the patch, write the answer.</summary>
[MemoryDiagnoser]
public class MutationBenchmarks
{
    private AdmissionReviewHandler _handler = null!;
    private byte[] _typical = null!;
    private byte[] _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handler = new AdmissionReviewHandler(new PodMutator(new AdmissionOptions()), BenchNamespaces.Instance, LearningCatalog.Instance);
        _typical = File.ReadAllBytes(BenchInputs.Case("deployment-pod-with-generate-name-and-no-namespace"));
        _large = File.ReadAllBytes(BenchInputs.Case("large-pod-with-1500-environment-variables"));
    }

    [Benchmark(Baseline = true)]
    public int TypicalPod() => Check(_handler.Handle(_typical));

    [Benchmark]
    public int LargePod() => Check(_handler.Handle(_large));

    private static int Check(AdmissionResult result) =>
        result.Decision?.Outcome == AdmissionOutcome.Injected ? result.Body!.Length : throw new InvalidOperationException("not injected");
}
