using Bifrost.Core.Observations;

namespace Bifrost.Core.Learning;

/// <summary>One tracer or audit report, as the merge needs it.</summary>
public sealed record ReportInput
{
    public required string PodUid { get; init; }

    /// <summary>Numbered per pod by the sender; a report not newer than the last applied one is a resend.</summary>
    public required long Sequence { get; init; }

    /// <summary>Events the sender dropped before this report.</summary>
    public long Dropped { get; init; }

    public required IReadOnlyList<Observation> Observations { get; init; }

    /// <summary>One of <see cref="ReportSource"/>; denied accesses are merged in and also recorded as denials.</summary>
    public string Source { get; init; } = ReportSource.Tracer;

    /// <summary>The image of each container in the reporting pod, when the sender knows it.</summary>
    public IReadOnlyDictionary<string, string>? Images { get; init; }

    /// <summary>Containers, by name, that were already running when the reporting tracer attached.</summary>
    public IReadOnlySet<string>? StartMissed { get; init; }

    /// <summary>The tracer's state, when the report says it; with the pod and node it was reported from.</summary>
    public TracerState? Tracer { get; init; }

    /// <summary>A node agent's package findings (<see cref="ReportSource.Packages"/>).</summary>
    public IReadOnlyList<Relevancy.ContainerPackages>? Packages { get; init; }

    public string? PodName { get; init; }

    public string? Node { get; init; }
}
