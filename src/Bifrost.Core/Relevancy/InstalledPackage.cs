namespace Bifrost.Core.Relevancy;

/// <summary>
/// A package an image holds and the files it owns. <see cref="Files"/> is null when the database does not say which
/// files the package owns (a distroless entry without md5sums, an SBOM package without file records).
/// </summary>
public sealed record InstalledPackage
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>The PURL type: <c>deb</c>, <c>apk</c>, <c>rpm</c>, or a language ecosystem's (<c>golang</c>, <c>maven</c>, …).</summary>
    public required string Type { get; init; }

    public string? Purl { get; init; }

    public IReadOnlyList<string>? Files { get; init; }
}
