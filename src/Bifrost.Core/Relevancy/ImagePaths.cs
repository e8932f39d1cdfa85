using System.Text.RegularExpressions;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// The path rules of relevancy: which of the two usr-merge spellings stands for a file, and which files are code.
/// </summary>
public static partial class ImagePaths
{
    private static readonly string[] MergedDirectories = ["/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/lib32/", "/usr/lib64/", "/usr/libx32/"];

    private static readonly string[] ProgramDirectories = ["/bin/", "/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "/usr/libexec/", "/libexec/"];

    private static readonly HashSet<string> ModuleExtensions = new(StringComparer.Ordinal)
    {
        ".py", ".pyc", ".pyo", ".rb", ".pl", ".pm", ".js", ".mjs", ".cjs", ".jar", ".war", ".ear",
    };

    /// <summary>
    /// One spelling per file on both sides of the usr merge: <c>/usr/bin/x</c> and <c>/bin/x</c> (likewise sbin, lib,
    /// lib32, lib64, libx32) are one key, <c>/bin/x</c>. On a merged image they are one file; on an unmerged one the two
    /// rarely both exist, and counting them as one errs towards "used".
    /// </summary>
    public static string Canonical(string path)
    {
        var clean = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."));
        foreach (var directory in MergedDirectories)
        {
            if (clean.StartsWith(directory, StringComparison.Ordinal) || clean.AsSpan().SequenceEqual(directory.AsSpan()[..^1]))
                return clean[4..];
        }

        return clean;
    }

    /// <summary>
    /// Whether a file, by its name alone, is code: a shared object (<c>*.so</c>, <c>*.so.*</c>), an interpreter module
    /// or archive (.py, .pyc, .rb, .pl, .pm, .js, .jar, …) or a program in a bin, sbin or libexec directory. Files seen
    /// executed or mapped executable are code whatever their name; anything else read (a config, a doc, a certificate,
    /// <c>/etc/ld.so.cache</c>) is not.
    /// </summary>
    public static bool IsCodeName(string path)
    {
        var canonical = Canonical(path);
        var name = canonical[(canonical.LastIndexOf('/') + 1)..];
        if (SharedObject().IsMatch(name))
            return true;
        var dot = name.LastIndexOf('.');
        if (dot > 0 && ModuleExtensions.Contains(name[dot..]))
            return true;
        return ProgramDirectories.Any(d => canonical.StartsWith(d, StringComparison.Ordinal) && canonical.IndexOf('/', d.Length) < 0);
    }

    /// <summary>
    /// The module a Python bytecode cache file was compiled from: <c>DIR/__pycache__/NAME.TAG.pyc</c> (also
    /// <c>NAME.TAG.opt-N.pyc</c>) from <c>DIR/NAME.py</c>; null for any other path. Debian writes these caches when a
    /// package is installed, so no package lists them, and an interpreter that finds a fresh cache opens only the cache.
    /// </summary>
    public static string? CompiledFrom(string path)
    {
        var match = PythonCache().Match(path);
        return match.Success ? $"{match.Groups["dir"].Value}/{match.Groups["name"].Value}.py" : null;
    }

    /// <summary>Whether the file's name is a shared object's: <c>*.so</c> or <c>*.so.N…</c>.</summary>
    public static bool IsSharedObjectName(string path) => SharedObject().IsMatch(path[(path.LastIndexOf('/') + 1)..]);

    public static bool IsJar(string path) =>
        path.EndsWith(".jar", StringComparison.Ordinal) || path.EndsWith(".war", StringComparison.Ordinal) || path.EndsWith(".ear", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<dir>.*)/__pycache__/(?<name>[^/.]+)\.[^/.]+(\.opt-[0-9]+)?\.pyc$", RegexOptions.CultureInvariant)]
    private static partial Regex PythonCache();

    [GeneratedRegex(@"^[^/]+\.so(\.[0-9][0-9A-Za-z.]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SharedObject();
}
