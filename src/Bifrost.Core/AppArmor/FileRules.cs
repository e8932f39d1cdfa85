namespace Bifrost.Core.AppArmor;

/// <summary>
/// Folds observed paths into file rules: normalise to what the kernel mediates, leave what abstractions/base allows,
/// generalise each path (numbers in created files' names too), merge permissions per pattern, then glob trees of
/// read-only content and directories full of per-request files.
/// </summary>
internal static class FileRules
{
    public static List<FileRule> Build(Dictionary<string, FilePermissions> files, HashSet<string> created, BaseAbstraction baseAbstraction, List<string> warnings, out int coveredByBase)
    {
        coveredByBase = 0;
        var patterns = new Dictionary<string, FilePermissions>(StringComparer.Ordinal);
        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, permissions) in files)
        {
            if (!PathText.IsUsable(path, out var reason))
            {
                dropped[reason] = dropped.GetValueOrDefault(reason) + 1;
                continue;
            }
            var kernelPath = KernelPath.Normalise(path);
            if (baseAbstraction.Covers(kernelPath, permissions))
            {
                coveredByBase++;
                continue;
            }
            var pattern = PathGeneraliser.Generalise(kernelPath);
            if (created.Contains(path))
                pattern = NumberedNames.Generalise(kernelPath, pattern);
            patterns[pattern] = patterns.GetValueOrDefault(pattern) | permissions;
        }
        foreach (var (reason, count) in dropped)
            warnings.Add($"{count} file path(s) dropped: {reason}");

        ContentTrees.Glob(patterns);
        GlobBusyDirectories(patterns);
        return [.. patterns
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new FileRule
            {
                Path = p.Key,
                Permissions = p.Value,
                ExecMode = p.Value.HasFlag(FilePermissions.Exec) ? "ix" : null,
            })];
    }

    /// <summary>
    /// The temp-directory rule: at least <see cref="GeneralisationRules.TempFileThreshold"/> non-executable files with the
    /// same permissions directly in one directory, at least <see cref="GeneralisationRules.MinTempDirectoryDepth"/> deep,
    /// become one <c>dir/*</c> rule.
    /// </summary>
    private static void GlobBusyDirectories(Dictionary<string, FilePermissions> patterns)
    {
        var groups = new Dictionary<(string Directory, FilePermissions Permissions), List<string>>();
        foreach (var (pattern, permissions) in patterns)
        {
            if (permissions.HasFlag(FilePermissions.Exec) || pattern.EndsWith('/'))
                continue;
            var slash = pattern.LastIndexOf('/');
            var directory = pattern[..(slash + 1)];
            if (Depth(directory) < GeneralisationRules.MinTempDirectoryDepth)
                continue;
            var key = (directory, permissions);
            if (!groups.TryGetValue(key, out var members))
                groups[key] = members = [];
            members.Add(pattern);
        }
        foreach (var ((directory, permissions), members) in groups)
        {
            if (members.Count < GeneralisationRules.TempFileThreshold)
                continue;
            foreach (var member in members)
                patterns.Remove(member);
            var glob = directory + "*";
            patterns[glob] = patterns.GetValueOrDefault(glob) | permissions;
        }
    }

    private static int Depth(string directory) => directory.Count(c => c == '/') - 1;
}
