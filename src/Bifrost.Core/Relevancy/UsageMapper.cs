namespace Bifrost.Core.Relevancy;

/// <summary>
/// Maps the files a container executed or mapped to the packages that own them. Only code counts
/// (<see cref="ImagePaths.IsCodeName"/>, or seen executed); both usr-merge spellings of a path are one file
/// (<see cref="ImagePaths.Canonical"/>). Pure given its inputs.
/// </summary>
public static class UsageMapper
{
    /// <param name="database">The image's packages and their files.</param>
    /// <param name="seen">What the container was seen using.</param>
    /// <param name="files">The image's files, when at hand: read only to tell static and Go programs among the code seen.</param>
    public static PackageUsage Map(PackageDatabase database, IEnumerable<SeenFile> seen, IImageFiles? files = null)
    {
        var owners = new Dictionary<string, List<InstalledPackage>>(StringComparer.Ordinal);
        foreach (var package in database.Packages)
        {
            foreach (var path in package.Files ?? [])
            {
                var key = ImagePaths.Canonical(path);
                if (!owners.TryGetValue(key, out var list))
                    owners[key] = list = [];
                if (!list.Contains(package))
                    list.Add(package);
            }
        }

        var used = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var unattributed = new List<UnattributedFile>();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        var code = seen
            .Where(f => f.Executed || ImagePaths.IsCodeName(f.Path))
            .Select(f => f.Path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var path in code)
        {
            var kind = Kind(files, path);
            if (owners.TryGetValue(ImagePaths.Canonical(path), out var packages))
            {
                foreach (var package in packages)
                {
                    if (!used.TryGetValue(package.Name, out var set))
                        used[package.Name] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(path);
                }

                if (kind is ElfKind.Static or ElfKind.Go)
                    notes.Add($"{path} ({string.Join(", ", packages.Select(p => p.Name))}) is a {(kind == ElfKind.Go ? "Go binary" : "static binary")}: code linked into it from other packages is not seen");
                if (ImagePaths.IsJar(path))
                    notes.Add($"{path} is a jar: the libraries bundled in it are attributed only where the SBOM names them");
                continue;
            }

            unattributed.Add(new UnattributedFile(path, kind switch
            {
                ElfKind.Static => "a static binary no package owns: the libraries linked into it are not seen",
                ElfKind.Go => "a Go binary no package owns: its modules are not seen",
                _ when ImagePaths.IsJar(path) => "a jar no package owns: the libraries in it are not seen",
                _ => "no package owns it",
            }));
        }

        return new PackageUsage
        {
            Database = database,
            Used = used.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal),
            CodeFilesSeen = code.Count,
            Unattributed = unattributed,
            Notes = [.. notes],
        };
    }

    private static ElfKind Kind(IImageFiles? files, string path) =>
        files?.ReadHead(path, ElfInspector.HeadBytes) is { } head ? ElfInspector.Inspect(head) : ElfKind.Unknown;
}
