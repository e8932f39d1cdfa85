namespace Bifrost.Core.Admission;

/// <summary>What Bifrost did with a pod, as counted in metrics.</summary>
public enum AdmissionOutcome
{
    /// <summary>Learning profiles set and the tracer sidecar added.</summary>
    Injected,

    /// <summary>Learning profiles set, but the tracer could not be added (the reason says why).</summary>
    ProfileOnly,

    /// <summary>Enforce profiles set for a workload whose profile is stable; no tracer.</summary>
    Enforced,

    /// <summary>Allowed unchanged (the reason says why).</summary>
    Skipped,

    /// <summary>An internal fault: allowed unchanged, never denied.</summary>
    Error,

    /// <summary>Refused: the pod asked to opt out of a protected namespace and its creator may not (<see cref="AdmissionDecision.Denial"/> says why).</summary>
    Denied,
}
