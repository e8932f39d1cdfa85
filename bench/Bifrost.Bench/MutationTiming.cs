using System.Diagnostics;
using Bifrost.Core.Admission;

namespace Bifrost.Bench;

/// <summary>
/// A quick timing of the same path as <see cref="MutationBenchmarks"/> for the load script, which cannot spend
/// BenchmarkDotNet's minutes: each pod is answered until the JIT has settled, then timed over many answers.
/// Prints one line per pod: its name, the mean time per answer in microseconds and the bytes it allocated.
/// </summary>
internal static class MutationTiming
{
    public static int Run()
    {
        var handler = new AdmissionReviewHandler(new PodMutator(new AdmissionOptions()), BenchNamespaces.Instance, LearningCatalog.Instance);
        Time(handler, "large", File.ReadAllBytes(BenchInputs.Case("large-pod-with-1500-environment-variables")), TimeSpan.FromSeconds(2));
        Time(handler, "typical", File.ReadAllBytes(BenchInputs.Case("deployment-pod-with-generate-name-and-no-namespace")), TimeSpan.FromSeconds(1));
        return 0;
    }

    private static void Time(AdmissionReviewHandler handler, string name, byte[] review, TimeSpan budget)
    {
        // Past the tiering threshold and its background recompilation, so the figure is the steady state.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < budget / 2)
            Check(handler.Handle(review));

        var count = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget / 2)
        {
            Check(handler.Handle(review));
            count++;
        }

        var elapsed = clock.Elapsed;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{name} {elapsed.TotalMicroseconds / count:F1} {allocated / count}");
    }

    private static void Check(AdmissionResult result)
    {
        if (result.Decision?.Outcome != AdmissionOutcome.Injected)
            throw new InvalidOperationException("not injected");
    }
}
