using Bifrost.Core.Audit;

namespace Bifrost.Agent.Kernel;

/// <summary>
/// The profiles that confine running tasks, read from each task's label under a proc root
/// (<c>attr/apparmor/current</c> on kernels with LSM stacking, <c>attr/current</c> before). A label is
/// <c>name (mode)</c>, <c>unconfined</c>, or a stack <c>a//&amp;b (mode)</c>; each part counts.
/// </summary>
internal static class ProcLabels
{
    public static HashSet<string> ConfinedProfiles(string procRoot)
    {
        var profiles = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(procRoot))
            return profiles;
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            var pid = Path.GetFileName(dir.AsSpan());
            if (pid.IsEmpty || !pid.ContainsOnlyDigits())
                continue;
            if (ReadLabel(dir) is not { } label)
                continue;
            foreach (var part in label.Split("//&", StringSplitOptions.RemoveEmptyEntries))
            {
                var profile = AuditRecordParser.ProfileOf(part.Trim());
                if (profile.Length > 0 && profile != "unconfined")
                    profiles.Add(profile);
            }
        }

        return profiles;
    }

    private static string? ReadLabel(string taskDirectory)
    {
        foreach (var relative in (string[])["attr/apparmor/current", "attr/current"])
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(taskDirectory, relative)).TrimEnd('\0', '\n', ' ');
                if (text.Length > 0)
                    return text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The task exited, or this attr file does not exist on this kernel: try the next spelling.
            }
        }

        return null;
    }
}
