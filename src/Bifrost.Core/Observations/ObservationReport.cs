namespace Bifrost.Core.Observations;

/// <summary>
/// What a tracer sends to <c>POST /v1/observations</c>: the observations that are new since its previous
/// report. <see cref="Sequence"/> counts reports per pod from 1; a resend carries the same number, so the
/// receiver can ignore a report it has already applied.
/// </summary>
public sealed record ObservationReport
{
    public const string CurrentApiVersion = "bifrost.io/v1alpha1";
    public const string ReportKind = "ObservationReport";

    public string ApiVersion { get; init; } = CurrentApiVersion;

    public string Kind { get; init; } = ReportKind;

    public required ReportPod Pod { get; init; }

    public required ReportWorkload Workload { get; init; }

    public required long Sequence { get; init; }

    /// <summary>True once anything was lost (kernel ring buffer or the tracer's own bound): the profile may be incomplete.</summary>
    public bool Partial { get; init; }

    /// <summary>Records lost so far in this pod, kernel and tracer together.</summary>
    public long Dropped { get; init; }

    public required IReadOnlyList<Observation> Observations { get; init; }
}
