namespace Bifrost.Core.Relevancy;

/// <summary>
/// Which packages of an image a container's code came from: the result of <see cref="UsageMapper.Map"/>.
/// </summary>
public sealed record PackageUsage
{
    public required PackageDatabase Database { get; init; }

    /// <summary>The used packages' names, each with the code files of it that were seen (as the observations spelled them).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Used { get; init; }

    /// <summary>Code files seen, all told.</summary>
    public required int CodeFilesSeen { get; init; }

    /// <summary>Code seen that no package owns: the mapping is incomplete for what it contains.</summary>
    public required IReadOnlyList<UnattributedFile> Unattributed { get; init; }

    /// <summary>Limits of the mapping in words (a jar's contents, a static binary that is owned by a package).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Every code file seen has an owner: a package that owns none of them was not used, whether or not its own files are known.</summary>
    public bool AllCodeAttributed => Unattributed.Count == 0;

    /// <summary>
    /// Whether a package (as a scanner names it) was used. Used when it owns a code file that was seen. Unused when
    /// the database knows its files and none was seen as code, or when its files are not known but every code file
    /// seen has an owner (so no seen code can be its). Unknown otherwise: nothing is claimed about it.
    /// </summary>
    public PackageUse Classify(string name, string? type = null)
    {
        if (Used.ContainsKey(name))
            return PackageUse.Used;
        var known = Database.Packages.Where(p => p.Name == name && (type is null || p.Type == type)).ToList();
        if (known.Count > 0 && known.All(p => p.Files is not null))
            return PackageUse.Unused;
        return AllCodeAttributed ? PackageUse.Unused : PackageUse.Unknown;
    }
}
