namespace Bifrost.Tracing.Tracing;

/// <summary>Joins a kernel-resolved directory with the name a syscall passed, lexically.</summary>
internal static class PathText
{
    /// <summary>
    /// An absolute <paramref name="name"/> stands alone; a relative one is taken from <paramref name="directory"/>.
    /// "." and ".." are folded; symbolic links in the name's own components are not followed (the object may no
    /// longer exist, as after unlink).
    /// </summary>
    public static string Join(string? directory, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Normalize(directory ?? "/");
        }
        return Normalize(name.StartsWith('/') ? name : (directory ?? "/") + "/" + name);
    }

    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
