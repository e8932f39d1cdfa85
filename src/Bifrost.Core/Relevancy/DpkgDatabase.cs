namespace Bifrost.Core.Relevancy;

/// <summary>
/// The packages of a Debian-family image: <c>/var/lib/dpkg/status</c> with each package's files from
/// <c>info/&lt;name&gt;[:arch].list</c>, else from <c>info/&lt;name&gt;[:arch].md5sums</c> (which lists regular files only);
/// or distroless's <c>/var/lib/dpkg/status.d/&lt;name&gt;</c>, whose files come from <c>status.d/&lt;name&gt;.md5sums</c> where present.
/// </summary>
public static class DpkgDatabase
{
    public const string StatusPath = "/var/lib/dpkg/status";
    public const string InfoDirectory = "/var/lib/dpkg/info";
    public const string DistrolessDirectory = "/var/lib/dpkg/status.d";

    /// <summary>The image's dpkg packages, or null when it has no dpkg database.</summary>
    public static IReadOnlyList<InstalledPackage>? Read(IImageFiles files, OsRelease? os)
    {
        if (files.ReadText(StatusPath) is { } status)
            return [.. Installed(ControlStanzas.Parse(status)).Select(s => Package(s, os, FilesFromInfo(files, s)))];

        var distroless = files.ListFiles(DistrolessDirectory);
        if (distroless.Count == 0)
            return null;
        var packages = new List<InstalledPackage>();
        foreach (var entry in distroless.Where(p => !p.EndsWith(".md5sums", StringComparison.Ordinal)))
        {
            var md5sums = files.ReadText(entry + ".md5sums");
            foreach (var stanza in Installed(ControlStanzas.Parse(files.ReadText(entry) ?? "")))
                packages.Add(Package(stanza, os, md5sums is null ? null : Md5sumsPaths(md5sums)));
        }

        return packages;
    }

    /// <summary>The paths of a <c>.list</c> file: one absolute path per line, directories included.</summary>
    public static IReadOnlyList<string> ListPaths(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('/'))];

    /// <summary>The paths of a <c>.md5sums</c> file: <c>digest␠␠path</c>, the path relative to the root.</summary>
    public static IReadOnlyList<string> Md5sumsPaths(string text) =>
        [.. text.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? l[(space + 1)..].TrimStart(' ', '*') : "")
            .Where(p => p.Length > 0)
            .Select(p => p.StartsWith('/') ? p : "/" + p)];

    private static IEnumerable<IReadOnlyDictionary<string, string>> Installed(IEnumerable<IReadOnlyDictionary<string, string>> stanzas) =>
        stanzas.Where(s => s.ContainsKey("Package") && (!s.TryGetValue("Status", out var state) || state.EndsWith(" installed", StringComparison.Ordinal)));

    private static IReadOnlyList<string>? FilesFromInfo(IImageFiles files, IReadOnlyDictionary<string, string> stanza)
    {
        var name = stanza["Package"];
        string[] stems = stanza.TryGetValue("Architecture", out var arch) ? [$"{name}:{arch}", name] : [name];
        foreach (var stem in stems)
        {
            if (files.ReadText($"{InfoDirectory}/{stem}.list") is { } list)
                return ListPaths(list);
        }

        foreach (var stem in stems)
        {
            if (files.ReadText($"{InfoDirectory}/{stem}.md5sums") is { } md5sums)
                return Md5sumsPaths(md5sums);
        }

        return null;
    }

    private static InstalledPackage Package(IReadOnlyDictionary<string, string> stanza, OsRelease? os, IReadOnlyList<string>? owned)
    {
        var name = stanza["Package"];
        var version = stanza.GetValueOrDefault("Version") ?? "";
        return new InstalledPackage
        {
            Name = name,
            Version = version,
            Type = "deb",
            Purl = PackageUrl.ForOsPackage("deb", os, name, version, stanza.GetValueOrDefault("Architecture")),
            Files = owned,
        };
    }
}
