using System.Buffers;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// The content-tree rule: a directory with at least <see cref="GeneralisationRules.ContentTreeThreshold"/> read-only
/// paths below it, spread over at least two directories, is a tree of content (a web root, a data set) whose other
/// files the next run will read too, so it becomes one <c>dir/** r</c> rule. Deepest directories claim paths first, so
/// the glob stays as low as the evidence allows; system trees where a read grants secrets are never globbed.
/// </summary>
internal static class ContentTrees
{
    /// <summary>Trees never globbed: configuration and secrets (/etc, /run/secrets, homes) and kernel interfaces.</summary>
    public static IReadOnlyList<string> Excluded { get; } = ["/etc/", "/proc/", "/sys/", "/dev/", "/run/", "/var/run/", "/root/", "/home/", "/boot/", "/var/lib/kubelet/"];

    private static readonly SearchValues<char> GlobCharacters = SearchValues.Create("*?[{@\\");

    public static void Glob(Dictionary<string, FilePermissions> patterns)
    {
        var below = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (pattern, permissions) in patterns)
        {
            if (permissions != FilePermissions.Read)
                continue;
            foreach (var directory in Candidates(pattern))
            {
                if (!below.TryGetValue(directory, out var members))
                    below[directory] = members = [];
                members.Add(pattern);
            }
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in below.Keys.OrderByDescending(Depth).ThenBy(d => d, StringComparer.Ordinal))
        {
            var members = below[directory].Where(m => !claimed.Contains(m)).ToList();
            if (members.Count < GeneralisationRules.ContentTreeThreshold || members.Select(Parent).Distinct(StringComparer.Ordinal).Count() < 2)
                continue;
            foreach (var member in members)
            {
                claimed.Add(member);
                patterns.Remove(member);
            }
            var glob = directory + "**";
            patterns[glob] = patterns.GetValueOrDefault(glob) | FilePermissions.Read;
        }
    }

    /// <summary>The literal directories strictly above <paramref name="pattern"/> that may become a tree.</summary>
    private static IEnumerable<string> Candidates(string pattern)
    {
        if (Excluded.Any(e => pattern.StartsWith(e, StringComparison.Ordinal)))
            yield break;
        var parent = Parent(pattern);
        for (var end = parent.Length - 1; end > 0; end = parent.LastIndexOf('/', end - 1))
        {
            var directory = parent[..(end + 1)];
            if (Depth(directory) < GeneralisationRules.MinContentTreeDepth)
                yield break;
            if (directory.IndexOfAny(GlobCharacters) < 0)
                yield return directory;
        }
    }

    /// <summary>The directory holding a path; a directory path's parent for <c>dir/</c>.</summary>
    private static string Parent(string pattern)
    {
        var trimmed = pattern.EndsWith('/') ? pattern[..^1] : pattern;
        return trimmed[..(trimmed.LastIndexOf('/') + 1)];
    }

    private static int Depth(string directory) => directory.Count(c => c == '/') - 1;
}
