namespace Bifrost.Core.Observations;

/// <summary>Whether a pod's tracer is recording, as its reports say. An unavailable tracer reports once why, and the pod learns from audit records.</summary>
public sealed record TracerState
{
    public const string Attached = "Attached";
    public const string Unavailable = "Unavailable";

    /// <summary><see cref="Attached"/> or <see cref="Unavailable"/>.</summary>
    public required string State { get; init; }

    /// <summary>Why the tracer could not attach, in one line (no BTF, cgroup v1, a refused program, …).</summary>
    public string? Reason { get; init; }

    public static bool IsKnown(string state) => state is Attached or Unavailable;
}
