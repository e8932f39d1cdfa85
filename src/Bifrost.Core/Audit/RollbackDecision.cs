using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>
/// Roll the workload whose enforce profile is <see cref="Profile"/> back to complain, merging <see cref="Denied"/>
/// into what it learned. One decision stands for every denial of the profile in a burst.
/// </summary>
public sealed record RollbackDecision
{
    public required string Profile { get; init; }

    /// <summary>The distinct accesses the profile denied, container left empty.</summary>
    public required IReadOnlyList<Observation> Denied { get; init; }

    /// <summary>Denial records behind this decision, duplicates included.</summary>
    public required long Denials { get; init; }

    /// <summary>Distinct accesses beyond the bound on one decision; they were denied but are not listed.</summary>
    public long Omitted { get; init; }

    public required DateTimeOffset FirstDeniedAt { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
}
