namespace Bifrost.Core.Observations;

/// <summary>The pod an <see cref="ObservationReport"/> is about.</summary>
public sealed record ReportPod
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    public string? Node { get; init; }
}
