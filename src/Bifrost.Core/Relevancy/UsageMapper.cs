namespace Bifrost.Core.Relevancy;

/// <summary>
/// Maps the files a container executed or mapped to the packages that own them. Only code counts
/// (<see cref="ImagePaths.IsCodeName"/>, or seen executed); both usr-merge spellings of a path are one file
/// (<see cref="ImagePaths.Canonical"/>). Code the loader must have mapped for the code seen counts too: a program's
/// interpreter (read from its ELF header when the image's files are given; the kernel maps it without an open the
/// container makes) and the shared objects it needs (its <c>DT_NEEDED</c> entries where the database records them),
/// followed through the libraries found. A Python bytecode cache that no package lists belongs to the owner of the module
/// it was compiled from (<see cref="ImagePaths.CompiledFrom"/>). Pure given its inputs.
/// </summary>
public static class UsageMapper
{
    /// <param name="database">The image's packages and their files.</param>
    /// <param name="seen">What the container was seen using.</param>
    /// <param name="files">The image's files, when at hand: read for ELF headers (interpreter, static or Go).</param>
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

        var direct = seen
            .Where(f => f.Executed || ImagePaths.IsCodeName(f.Path))
            .Select(f => f.Path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var (kinds, loadedFor) = Loaded(database, direct, owners.Keys, files);

        var used = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var unattributed = new List<UnattributedFile>();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in direct.Concat(loadedFor.Keys))
        {
            // A position-independent ELF without an interpreter is a library, unless it is named like a program (static-pie).
            var kind = kinds[path] is ElfKind.SharedObject && !ImagePaths.IsSharedObjectName(path) ? ElfKind.Static : kinds[path];
            var (owner, shown) = owners.ContainsKey(ImagePaths.Canonical(path))
                ? (path, loadedFor.TryGetValue(path, out var by) ? $"{path} (loaded for {by})" : path)
                : ImagePaths.CompiledFrom(path) is { } source ? (source, $"{path} (compiled from {source})") : (path, path);
            if (owners.TryGetValue(ImagePaths.Canonical(owner), out var packages))
            {
                foreach (var package in packages)
                {
                    if (!used.TryGetValue(package.Name, out var set))
                        used[package.Name] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(shown);
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
            CodeFilesSeen = direct.Count,
            Unattributed = unattributed,
            Notes = [.. notes],
        };
    }

    /// <summary>
    /// The ELF kind of every code file, and the code the loader mapped for the code seen, each with the file it was
    /// loaded for: interpreters and needed shared objects, found by name in the library directories of the owned files.
    /// </summary>
    private static (Dictionary<string, ElfKind> Kinds, Dictionary<string, string> LoadedFor) Loaded(
        PackageDatabase database, List<string> direct, IEnumerable<string> owned, IImageFiles? files)
    {
        var libraries = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in owned)
        {
            var slash = path.LastIndexOf('/');
            if (slash <= 0 || !IsLibraryDirectory(path[..slash]))
                continue;
            if (!libraries.TryGetValue(path[(slash + 1)..], out var list))
                libraries[path[(slash + 1)..]] = list = [];
            list.Add(path);
        }

        var needed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (path, sonames) in database.Needed)
            needed.TryAdd(ImagePaths.Canonical(path), sonames);

        var kinds = new Dictionary<string, ElfKind>(StringComparer.Ordinal);
        var loadedFor = new Dictionary<string, string>(StringComparer.Ordinal);
        var visited = direct.Select(ImagePaths.Canonical).ToHashSet(StringComparer.Ordinal);
        var pending = new Queue<string>(direct);
        while (pending.TryDequeue(out var path))
        {
            var (kind, interpreter) = files?.ReadHead(path, ElfInspector.HeadBytes) is { } head ? ElfInspector.Read(head) : (ElfKind.Unknown, null);
            kinds[path] = kind;
            var next = new List<string>();
            if (interpreter is not null)
                next.Add(interpreter);
            if (needed.TryGetValue(ImagePaths.Canonical(path), out var sonames))
                next.AddRange(sonames.SelectMany(soname => libraries.GetValueOrDefault(soname) ?? []));
            foreach (var library in next.Where(l => visited.Add(ImagePaths.Canonical(l))))
            {
                loadedFor[library] = path;
                pending.Enqueue(library);
            }
        }

        return (kinds, loadedFor);
    }

    /// <summary>Where the loader looks by default: /lib, /lib64, /lib32, /libx32 (and their /usr forms), a multiarch /lib/&lt;triplet&gt;, /usr/local/lib.</summary>
    private static bool IsLibraryDirectory(string directory) =>
        directory is "/lib" or "/lib64" or "/lib32" or "/libx32" or "/usr/local/lib"
        || (directory.StartsWith("/lib/", StringComparison.Ordinal) && directory.IndexOf('/', 5) < 0 && directory.Contains("-linux-", StringComparison.Ordinal));
}
