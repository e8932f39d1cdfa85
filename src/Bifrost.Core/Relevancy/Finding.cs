namespace Bifrost.Core.Relevancy;

/// <summary>One row of a scanner's report: a vulnerability in a package, as the scanner names both.</summary>
public sealed record Finding
{
    public required string VulnerabilityId { get; init; }

    /// <summary>As the scanner spells it: Critical, High, Medium, Low, Negligible, Unknown.</summary>
    public required string Severity { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>The PURL type (<c>deb</c>, <c>apk</c>, …) where known.</summary>
    public string? PackageType { get; init; }

    /// <summary>The package's PURL as the scanner wrote it: VEX statements name the package by it, so the scanner matches them.</summary>
    public string? Purl { get; init; }

    public bool IsCriticalOrHigh =>
        Severity.Equals("Critical", StringComparison.OrdinalIgnoreCase) || Severity.Equals("High", StringComparison.OrdinalIgnoreCase);
}
