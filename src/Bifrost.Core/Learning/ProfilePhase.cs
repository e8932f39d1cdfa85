namespace Bifrost.Core.Learning;

/// <summary>Where a workload's profile is in its life: <c>Learning -> Stable -> Enforcing</c>, and back.</summary>
public enum ProfilePhase
{
    /// <summary>Complain profile and tracer; rules still being collected.</summary>
    Learning,

    /// <summary>The policy holds; the enforce profile is rendered and waits until every node has loaded it.</summary>
    Stable,

    /// <summary>New pods get the enforce profile and no tracer.</summary>
    Enforcing,

    /// <summary>The pod template's image changed; learning again, starting from the old rules.</summary>
    Relearning,

    /// <summary>Denials under enforce moved the workload back to complain, with the denied accesses merged in.</summary>
    RolledBack,

    /// <summary>A person turned Bifrost off for this workload (<c>spec.mode: Off</c>).</summary>
    Off,
}
