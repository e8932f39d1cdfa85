namespace Bifrost.Tracing.Tracing;

/// <summary>How a trace went. A profile learned while <see cref="Dropped"/> was non-zero is partial.</summary>
public sealed record TracerStats
{
    public ulong Emitted { get; init; }

    /// <summary>Records the kernel could not write because the ring buffer was full.</summary>
    public ulong Dropped { get; init; }

    public CapabilitySource Capabilities { get; init; }

    public int AttachedPrograms { get; init; }

    /// <summary>From the start of loading until every program was attached.</summary>
    public TimeSpan TimeToAttach { get; init; }

    public bool Partial => Dropped > 0;
}
