using System.Text;

namespace Bifrost.Tracing.Cgroups;

/// <summary>One line of /proc/&lt;pid&gt;/mountinfo: the parts cgroup discovery reads.</summary>
internal sealed record MountInfoEntry(string Root, string MountPoint, string FsType, IReadOnlyList<string> SuperOptions)
{
    /// <summary>The lines of a mountinfo text that parse; others (there should be none) are skipped.</summary>
    public static IEnumerable<MountInfoEntry> ParseAll(string mountinfo)
    {
        ArgumentNullException.ThrowIfNull(mountinfo);
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line) is { } entry)
            {
                yield return entry;
            }
        }
    }

    // "36 25 0:31 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate": a variable number of
    // optional fields ends at the lone "-".
    public static MountInfoEntry? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var dash = line.IndexOf(" - ", StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }
        var before = line[..dash].Split(' ');
        var after = line[(dash + 3)..].Split(' ');
        if (before.Length < 6 || after.Length < 3)
        {
            return null;
        }
        return new MountInfoEntry(Unescape(before[3]), Unescape(before[4]), after[0], after[2].Split(','));
    }

    // The kernel writes space, tab, newline and backslash in paths as a backslash and three octal digits.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
