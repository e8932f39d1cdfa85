namespace Bifrost.Core.Relevancy;

/// <summary>A report's figures before and after a VEX document: findings, unique vulnerability IDs, Critical and High unique IDs.</summary>
public sealed record VexSummary
{
    public required int FindingsBefore { get; init; }
    public required int FindingsAfter { get; init; }
    public required int IdsBefore { get; init; }
    public required int IdsAfter { get; init; }
    public required int CriticalHighIdsBefore { get; init; }
    public required int CriticalHighIdsAfter { get; init; }

    /// <summary>The report's packages (by name and version) by how they were judged.</summary>
    public required int PackagesUsed { get; init; }
    public required int PackagesUnused { get; init; }
    public required int PackagesUnknown { get; init; }

    public override string ToString() =>
        $"findings {FindingsBefore} -> {FindingsAfter}, unique IDs {IdsBefore} -> {IdsAfter}, Critical+High unique IDs {CriticalHighIdsBefore} -> {CriticalHighIdsAfter}; " +
        $"report packages: {PackagesUsed} used, {PackagesUnused} not used, {PackagesUnknown} unknown";
}
