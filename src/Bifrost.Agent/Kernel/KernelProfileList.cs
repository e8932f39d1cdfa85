namespace Bifrost.Agent.Kernel;

/// <summary>Reads the kernel's profile list (<c>/sys/kernel/security/apparmor/profiles</c>): one <c>name (mode)</c> per line.</summary>
internal static class KernelProfileList
{
    public static Dictionary<string, string> Read(string path)
    {
        var profiles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return profiles;
        foreach (var line in File.ReadLines(path))
        {
            if (ParseLine(line) is { } entry)
                profiles[entry.Name] = entry.Mode;
        }

        return profiles;
    }

    public static (string Name, string Mode)? ParseLine(string line)
    {
        var open = line.LastIndexOf(" (", StringComparison.Ordinal);
        if (open <= 0 || !line.EndsWith(')'))
            return null;
        return (line[..open], line[(open + 2)..^1]);
    }
}
