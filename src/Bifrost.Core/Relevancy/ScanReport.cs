namespace Bifrost.Core.Relevancy;

/// <summary>A vulnerability scanner's report on an image, read by <see cref="ScanReports.Parse"/>.</summary>
public sealed record ScanReport
{
    /// <summary><c>grype</c> or <c>trivy</c>.</summary>
    public required string Scanner { get; init; }

    /// <summary>The image scanned, as a reference (<c>docker.io/library/nginx@sha256:…</c>); null when the report does not say.</summary>
    public string? Image { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }
}
