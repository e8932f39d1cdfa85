namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// The build context as .dockerignore leaves it, for the patterns Bifrost uses: <c>**/name/</c> (a directory
/// anywhere), <c>name/</c> (a path from the root) and <c>**/*.ext</c> (files anywhere).
/// </summary>
internal sealed class DockerContext
{
    private readonly List<string> anywhereDirectories = [];
    private readonly List<string> rootPaths = [];
    private readonly List<string> fileSuffixes = [];

    public DockerContext(string root)
    {
        Root = root;
        foreach (var entry in File.ReadAllLines(Path.Combine(root, ".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (entry.StartsWith("**/*", StringComparison.Ordinal))
                fileSuffixes.Add(entry[4..]);
            else if (entry.StartsWith("**/", StringComparison.Ordinal))
                anywhereDirectories.Add(entry[3..].TrimEnd('/'));
            else
                rootPaths.Add(entry.TrimEnd('/'));
        }
    }

    public static DockerContext Repository { get; } = new(Bifrost.Testing.Repository.Root);

    public string Root { get; }

    public bool IsIgnored(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').TrimEnd('/').Split('/');
        return rootPaths.Any(p => relativePath == p || relativePath.StartsWith(p + "/", StringComparison.Ordinal))
            || parts.Any(anywhereDirectories.Contains)
            || fileSuffixes.Any(s => parts[^1].EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>COPY of one source (a file, or a directory's contents) to a destination file or directory.</summary>
    public void Copy(string source, string destination)
    {
        var from = Path.Combine(Root, source);
        if (File.Exists(from))
        {
            var target = destination.EndsWith('/') || Directory.Exists(destination) ? Path.Combine(destination, Path.GetFileName(from)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return;
        }

        if (!Directory.Exists(from))
            throw new FileNotFoundException($"COPY {source}: not in the build context", from);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            if (IsIgnored(relative))
                continue;
            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
