namespace Bifrost.Core.Audit;

/// <summary>How denials of enforce profiles become rollback decisions.</summary>
public sealed record RollbackPolicy
{
    /// <summary>How long after a profile's first denial further denials are gathered into the same decision.</summary>
    public TimeSpan Gather { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between two decisions for one profile; denials meanwhile go into the next one.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Bound on the distinct accesses one decision lists, so a flood of distinct paths cannot grow memory.</summary>
    public int MaxAccesses { get; init; } = 256;
}
