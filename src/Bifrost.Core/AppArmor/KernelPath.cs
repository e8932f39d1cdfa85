namespace Bifrost.Core.AppArmor;

/// <summary>
/// The path AppArmor mediates for an observed path. The kernel resolves <c>/proc/self</c> to the task's pid before
/// AppArmor sees it, and with <c>mediate_deleted</c> an unlinked file is mediated by its name without the
/// <c>" (deleted)"</c> that /proc shows.
/// </summary>
public static class KernelPath
{
    public const string DeletedSuffix = " (deleted)";

    /// <summary>Stands in for "the task's own pid" once /proc/self is resolved; @{pid} matches it like any pid.</summary>
    public const string RepresentativePid = "1";

    public static string Normalise(string path)
    {
        if (path.EndsWith(DeletedSuffix, StringComparison.Ordinal))
            path = path[..^DeletedSuffix.Length];
        if (!path.StartsWith("/proc/", StringComparison.Ordinal))
            return path;
        if (IsComponent(path, "/proc/self"))
            return "/proc/" + RepresentativePid + path["/proc/self".Length..];
        if (IsComponent(path, "/proc/thread-self"))
            return $"/proc/{RepresentativePid}/task/{RepresentativePid}" + path["/proc/thread-self".Length..];
        return path;
    }

    private static bool IsComponent(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
