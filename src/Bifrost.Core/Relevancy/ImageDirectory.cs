namespace Bifrost.Core.Relevancy;

/// <summary>
/// An image unpacked in a directory of this machine. Paths are resolved inside the root: a symbolic link, absolute
/// or relative, never leads out of it (an image's <c>/lib -> /usr/lib</c> must not read the host's <c>/usr/lib</c>).
/// </summary>
public sealed class ImageDirectory(string root) : IImageFiles
{
    private const int MaxLinks = 40;

    private readonly string root = Path.GetFullPath(root);

    public string Root => root;

    public string? ReadText(string path) =>
        Resolve(path) is { } host && File.Exists(host) ? File.ReadAllText(host) : null;

    public IReadOnlyList<string> ListFiles(string directory)
    {
        if (Resolve(directory) is not { } host || !Directory.Exists(host))
            return [];
        var inside = "/" + string.Join('/', Split(directory));
        return [.. Directory.EnumerateFiles(host)
            .Select(f => (inside == "/" ? "" : inside) + "/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];
    }

    public byte[]? ReadHead(string path, int count)
    {
        if (Resolve(path) is not { } host || !File.Exists(host))
            return null;
        using var stream = File.OpenRead(host);
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return buffer[..read];
    }

    public byte[]? ReadBytes(string path, int maxBytes)
    {
        if (Resolve(path) is not { } host || !File.Exists(host))
            return null;
        using var stream = File.OpenRead(host);
        if (stream.Length > maxBytes)
            throw new IOException($"{path} has {stream.Length} bytes, over the limit of {maxBytes}");
        var buffer = new byte[stream.Length];
        stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>The host path of an image path with every link on the way followed inside the root; null when a link loops.</summary>
    private string? Resolve(string path)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var current = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                if (current.Count > 0)
                    current.RemoveAt(current.Count - 1);
                continue;
            }

            var host = Path.Combine([root, .. current, part]);
            var info = new FileInfo(host);
            if (info.LinkTarget is not { } target)
            {
                current.Add(part);
                continue;
            }

            if (++links > MaxLinks)
                return null;
            if (target.StartsWith('/'))
                current.Clear();
            foreach (var next in Split(target).Reverse())
                pending.Push(next);
        }

        return Path.Combine([root, .. current]);
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
