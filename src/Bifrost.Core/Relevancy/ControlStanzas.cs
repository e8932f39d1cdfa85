namespace Bifrost.Core.Relevancy;

/// <summary>
/// Reads Debian control files (<c>/var/lib/dpkg/status</c>, distroless <c>status.d</c> entries): paragraphs of
/// <c>Field: value</c> lines separated by blank lines; continuation lines (starting with a space) are skipped.
/// </summary>
public static class ControlStanzas
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string text)
    {
        var stanzas = new List<IReadOnlyDictionary<string, string>>();
        var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (current.Count > 0)
                    stanzas.Add(current);
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                continue;
            }

            if (line[0] is ' ' or '\t')
                continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                current[line[..colon]] = line[(colon + 1)..].Trim();
        }

        if (current.Count > 0)
            stanzas.Add(current);
        return stanzas;
    }
}
