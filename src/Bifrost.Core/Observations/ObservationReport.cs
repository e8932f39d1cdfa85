using System.Text.Json.Serialization;

namespace Bifrost.Core.Observations;

/// <summary>
/// What a tracer (or a node agent) sends to <c>POST /v1/observations</c>: the observations that are new since its
/// previous report. <see cref="Sequence"/> grows with every report of a pod, across restarts of its sender; a resend
/// carries the same number, so the receiver can ignore a report it has already applied.
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

    /// <summary>True once anything was lost in this pod (kernel ring buffer or the tracer's own bound): the profile may be incomplete.</summary>
    public bool Partial { get; init; }

    /// <summary>
    /// Records lost since the previous report, kernel and tracer together. A resend carries the same number, so
    /// it is counted once; the receiver restarts the workload's quiet period for it, since a drop may hide a new rule.
    /// </summary>
    public long Dropped { get; init; }

    /// <summary>One of <see cref="ReportSource"/>: <c>tracer</c>, or <c>audit</c> and <c>denied</c> from a node agent.</summary>
    public string Source { get; init; } = ReportSource.Tracer;

    /// <summary>The image of each traced container, by container name, as the pod was admitted (null: unknown).</summary>
    public IReadOnlyDictionary<string, string>? Images { get; init; }

    /// <summary>
    /// Containers that observations name by runtime id instead of by name (a tracer cannot read its pod's status).
    /// The intake replaces each id with the container's name before it stores the report.
    /// </summary>
    public IReadOnlyList<ReportContainer>? Containers { get; init; }

    /// <summary>A <see cref="ReportSource.Packages"/> report's findings, one per container and image.</summary>
    public IReadOnlyList<Relevancy.ContainerPackages>? Packages { get; init; }

    /// <summary>Whether the tracer is recording; an unavailable tracer sends this with no observations.</summary>
    public TracerState? Tracer { get; init; }

    /// <summary>The namespace of the workload: the workload's own, which for a node agent's report is not the pod's.</summary>
    [JsonIgnore]
    public string WorkloadNamespace => Workload.Namespace ?? Pod.Namespace;

    public required IReadOnlyList<Observation> Observations { get; init; }
}
