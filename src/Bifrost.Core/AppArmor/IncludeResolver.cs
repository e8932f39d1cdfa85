namespace Bifrost.Core.AppArmor;

/// <summary>
/// Finds the text of <c>include</c> targets: <c>&lt;name&gt;</c> under the search directories (normally /etc/apparmor.d),
/// <c>"name"</c> relative to the including file. A directory includes every file in it, in name order.
/// </summary>
public sealed class IncludeResolver(IReadOnlyList<string> searchDirectories, bool readsFiles = true)
{
    public const string SystemDirectory = "/etc/apparmor.d";

    /// <summary>/etc/apparmor.d when it exists, otherwise nothing (the built-in fallbacks apply).</summary>
    public static IncludeResolver System { get; } = new(Directory.Exists(SystemDirectory) ? [SystemDirectory] : []);

    /// <summary>Resolves nothing, so only the built-in fallbacks apply: results that do not depend on the machine.</summary>
    /// <remarks>Absolute and relative includes too: a profile that includes <c>/usr/bin</c> must not read every program.</remarks>
    public static IncludeResolver BuiltInOnly { get; } = new([], readsFiles: false);

    public IReadOnlyList<string> SearchDirectories { get; } = searchDirectories;

    /// <summary>The files an include names, as (path, text) pairs; null when nothing by that name exists.</summary>
    public IReadOnlyList<(string Path, string Text)>? Resolve(string name, bool searchPath, string? includingDirectory)
    {
        if (!readsFiles)
            return null;
        IEnumerable<string> candidates = searchPath || includingDirectory is null
            ? SearchDirectories.Select(d => Path.Combine(d, name))
            : [Path.IsPathRooted(name) ? name : Path.Combine(includingDirectory, name)];
        if (Path.IsPathRooted(name))
            candidates = [name];

        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
                return [(candidate, File.ReadAllText(candidate))];
            if (Directory.Exists(candidate))
            {
                return [.. Directory.EnumerateFiles(candidate)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.Contains(".dpkg-", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (f, File.ReadAllText(f)))];
            }
        }
        return null;
    }
}
