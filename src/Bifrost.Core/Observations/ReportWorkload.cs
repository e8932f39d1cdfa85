namespace Bifrost.Core.Observations;

/// <summary>The workload the reporting pod belongs to, as the webhook resolved it.</summary>
public sealed record ReportWorkload
{
    public required string Kind { get; init; }

    public required string Name { get; init; }
}
