namespace Bifrost.Core.Observations;

/// <summary>
/// A container a report's observations name by its runtime id, as the tracer read it from the container's cgroup.
/// The tracer needs no credentials to name containers: the controller, which may read pods, turns the id into the
/// container's name from the pod's status before the report is stored (then <see cref="Name"/> is set and the id gone).
/// </summary>
public sealed record ReportContainer
{
    /// <summary>The runtime's container id (64 hex digits), as in <c>status.containerStatuses[].containerID</c> after <c>://</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The container's name in the pod spec: set by the intake once it has named the id, or by a sender that knows it.</summary>
    public string? Name { get; init; }

    /// <summary>The container was already running when the tracer attached: what it did before that was not seen.</summary>
    public bool StartMissed { get; init; }
}
