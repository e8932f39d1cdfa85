namespace Bifrost.Core.Relevancy;

/// <summary>What an image's package database (dpkg, apk, rpm) or its SBOM says: the packages, their files and the distribution.</summary>
public sealed record PackageDatabase
{
    /// <summary>Where the packages were read from, in words: <c>dpkg database</c>, <c>apk database</c>, <c>rpm database</c>, <c>Syft SBOM</c>.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<InstalledPackage> Packages { get; init; }

    public OsRelease? Os { get; init; }

    /// <summary>
    /// The shared objects each ELF file needs (its <c>DT_NEEDED</c> sonames), by path, where the source records them
    /// (a Syft SBOM's <c>executable.importedLibraries</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Needed { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
