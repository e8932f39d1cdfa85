namespace Bifrost.Core.Observations;

/// <summary>The workload the observations belong to, as the webhook resolved it for the reporting pod.</summary>
public sealed record ReportWorkload
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Set by node agents, whose pod is not in the workload's namespace; a tracer leaves it out.</summary>
    public string? Namespace { get; init; }
}
