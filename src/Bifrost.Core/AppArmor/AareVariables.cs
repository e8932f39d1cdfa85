namespace Bifrost.Core.AppArmor;

/// <summary>
/// AppArmor variables (<c>@{pid}</c>, <c>@{PROC}</c>, …) and their values. A variable with several values expands a
/// pattern into several patterns, which is how apparmor_parser treats them too.
/// </summary>
public sealed class AareVariables
{
    /// <summary>More expansions than this from one pattern means a runaway definition, not a real profile.</summary>
    public const int MaxExpansions = 512;

    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    /// <summary>The values the kernel-facing tunables give on Debian and Ubuntu, used when no tunables directory is present.</summary>
    public static AareVariables BuiltIn()
    {
        var variables = new AareVariables();
        const string Pid = "{[1-9],[1-9][0-9],[1-9][0-9][0-9],[1-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9],[1-9][0-9][0-9][0-9][0-9][0-9],[1-4][0-9][0-9][0-9][0-9][0-9][0-9]}";
        variables.Set("pid", [Pid]);
        variables.Set("tid", ["@{pid}"]);
        variables.Set("pids", ["@{pid}"]);
        variables.Set("uid", ["{[0-9],[1-9][0-9]*}"]);
        variables.Set("PROC", ["/proc/"]);
        variables.Set("sys", ["/sys/"]);
        variables.Set("run", ["/run/", "/var/run/"]);
        variables.Set("etc_ro", ["/etc/", "/usr/etc/"]);
        variables.Set("etc_rw", ["/etc/"]);
        variables.Set("HOMEDIRS", ["/home/"]);
        variables.Set("HOME", ["@{HOMEDIRS}/*/", "/root/"]);
        variables.Set("multiarch", ["*-linux-gnu*"]);
        return variables;
    }

    public bool Contains(string name) => values.ContainsKey(name);

    public void Set(string name, IEnumerable<string> values) => this.values[name] = [.. values];

    public void Add(string name, IEnumerable<string> values)
    {
        if (this.values.TryGetValue(name, out var existing))
            existing.AddRange(values);
        else
            Set(name, values);
    }

    public AareVariables Clone()
    {
        var copy = new AareVariables();
        foreach (var (name, values) in values)
            copy.Set(name, values);
        return copy;
    }

    /// <summary>Every pattern <paramref name="pattern"/> stands for once its variables are replaced.</summary>
    /// <exception cref="FormatException">A variable is undefined or the expansion runs away.</exception>
    public IReadOnlyList<string> Expand(string pattern)
    {
        var results = new List<string>();
        Expand(pattern, results, 0);
        return results;
    }

    private void Expand(string pattern, List<string> results, int depth)
    {
        var start = FindVariable(pattern);
        if (start < 0)
        {
            results.Add(pattern);
            return;
        }
        if (depth > 16)
            throw new FormatException($"variables in '{pattern}' refer to each other too deeply");
        var end = pattern.IndexOf('}', start);
        if (end < 0)
            throw new FormatException($"unterminated variable in '{pattern}'");
        var name = pattern[(start + 2)..end];
        if (!this.values.TryGetValue(name, out var values))
            throw new FormatException($"undefined variable @{{{name}}}");
        foreach (var value in values)
        {
            Expand(string.Concat(pattern.AsSpan(0, start), value, pattern.AsSpan(end + 1)), results, depth + 1);
            if (results.Count > MaxExpansions)
                throw new FormatException($"'{pattern}' expands to more than {MaxExpansions} patterns");
        }
    }

    private static int FindVariable(string pattern)
    {
        for (var i = 0; i < pattern.Length - 1; i++)
        {
            if (pattern[i] == '\\')
                i++;
            else if (pattern[i] == '@' && pattern[i + 1] == '{')
                return i;
        }
        return -1;
    }
}
