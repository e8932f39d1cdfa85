using BenchmarkDotNet.Attributes;
using Bifrost.Core.Admission;

namespace Bifrost.Bench;

/// <summary>The whole admission path in Core: parse the review, decide, build the patch, write the answer.</summary>
[MemoryDiagnoser]
public class MutationBenchmarks
{
    private AdmissionReviewHandler handler = null!;
    private byte[] typical = null!;
    private byte[] large = null!;

    [GlobalSetup]
    public void Setup()
    {
        handler = new AdmissionReviewHandler(new PodMutator(new AdmissionOptions()), BenchNamespaces.Instance, LearningCatalog.Instance);
        typical = File.ReadAllBytes(BenchInputs.Case("deployment-pod-with-generate-name-and-no-namespace"));
        large = File.ReadAllBytes(BenchInputs.Case("large-pod-with-1500-environment-variables"));
    }

    [Benchmark(Baseline = true)]
    public int TypicalPod() => Check(handler.Handle(typical));

    [Benchmark]
    public int LargePod() => Check(handler.Handle(large));

    private static int Check(AdmissionResult result) =>
        result.Decision?.Outcome == AdmissionOutcome.Injected ? result.Body!.Length : throw new InvalidOperationException("not injected");
}
