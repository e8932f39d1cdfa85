namespace Bifrost.Core.AppArmor;

/// <summary>Whether a path from an observation can be written into a rule at all.</summary>
internal static class PathText
{
    /// <summary>Longest path written into a rule; the kernel's PATH_MAX.</summary>
    public const int MaxLength = 4096;

    public static bool IsUsable(string path, out string reason, bool requireAbsolute = true)
    {
        reason = "";
        if (path.Length == 0)
            reason = "empty path";
        else if (requireAbsolute && path[0] != '/')
            reason = "not an absolute path";
        else if (path.Length > MaxLength)
            reason = $"longer than {MaxLength} characters";
        else if (path.Contains('\0', StringComparison.Ordinal))
            reason = "contains a NUL character";
        else if (HasLoneSurrogate(path))
            reason = "is not valid Unicode";
        return reason.Length == 0;
    }

    private static bool HasLoneSurrogate(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (char.IsHighSurrogate(path[i]) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
                i++;
            else if (char.IsSurrogate(path[i]))
                return true;
        }
        return false;
    }
}
