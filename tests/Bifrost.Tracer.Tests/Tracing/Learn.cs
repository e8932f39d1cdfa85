using Bifrost.Core.Observations;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>Runs a bash script under the local learner and gives back what was seen.</summary>
internal static class Learn
{
    public static Task<LearnResult> BashAsync(string script, TraceOptions? trace = null) =>
        LocalLearner.RunAsync("/bin/bash", ["-c", script], new LocalLearnOptions { Container = "app", Trace = trace ?? new TraceOptions() }, CancellationToken.None);

    public static IEnumerable<FileObservation> Files(this LearnResult r) => r.Observations.OfType<FileObservation>();

    public static bool Read(this LearnResult r, string path) =>
        r.Files().Any(f => f.Path == path && f.Access.HasFlag(AccessMask.Read));
}
