using Bifrost.Core.Profiles;

namespace Bifrost.Core.Observations;

/// <summary>
/// What a tracer (or a node agent reading AppArmor audit records) sends to <c>POST /v1/observations</c>:
/// the observations made since its previous report, numbered per pod so that a resend is harmless.
/// </summary>
public sealed record ObservationReport
{
    public const string CurrentApiVersion = "bifrost.io/v1alpha1";
    public const string KindName = "ObservationReport";

    public string ApiVersion { get; init; } = CurrentApiVersion;
    public string Kind { get; init; } = KindName;

    public required ReportedPod Pod { get; init; }
    public required WorkloadReference Workload { get; init; }

    /// <summary>1 for a pod's first report, one more for each after it; a resend carries the same number.</summary>
    public required long Sequence { get; init; }

    /// <summary>Events lost before this report (ring buffer full, memory bound reached): learning goes on past them.</summary>
    public long Dropped { get; init; }

    /// <summary><c>tracer</c> or <c>audit</c>.</summary>
    public string Source { get; init; } = "tracer";

    public IReadOnlyList<Observation> Observations { get; init; } = [];
}

/// <summary>The pod a report is about.</summary>
public sealed record ReportedPod
{
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public string? Node { get; init; }
}
