namespace Bifrost.Core.Relevancy;

/// <summary>
/// Read access to an image's files by their path inside the image (<c>/var/lib/dpkg/status</c>), so the package
/// readers work on an unpacked root filesystem, a container's <c>/proc/&lt;pid&gt;/root</c> or a test's directory alike.
/// </summary>
public interface IImageFiles
{
    /// <summary>The file's text, or null when it is absent or not a regular file.</summary>
    string? ReadText(string path);

    /// <summary>The paths of the regular files directly in <paramref name="directory"/>; empty when it is absent.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Up to <paramref name="count"/> bytes from the start of the file, or null when it is absent.</summary>
    byte[]? ReadHead(string path, int count);

    /// <summary>The whole file, or null when it is absent or not a regular file.</summary>
    /// <exception cref="IOException">The file is larger than <paramref name="maxBytes"/>.</exception>
    byte[]? ReadBytes(string path, int maxBytes);
}
