namespace Bifrost.Webhook.Tls;

/// <summary>
/// Reports any change in the directories holding the certificate files. The directory is watched, not the
/// files: Kubernetes replaces a secret volume's content by renaming a <c>..data</c> symlink next to them.
/// </summary>
internal sealed class CertificateFileWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> watchers = [];

    /// <param name="files">The files whose directories are watched.</param>
    /// <param name="changed">Called with a short description of each change, on a thread-pool thread.</param>
    /// <param name="unavailable">Called with the directory and the error when a directory cannot be watched.</param>
    public CertificateFileWatcher(IEnumerable<string> files, Action<string> changed, Action<string, string> unavailable)
    {
        var directories = files.Select(path => Path.GetDirectoryName(path) ?? ".").Distinct(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Changed += (_, e) => changed($"{e.ChangeType} {e.Name}");
                watcher.Created += (_, e) => changed($"{e.ChangeType} {e.Name}");
                watcher.Deleted += (_, e) => changed($"{e.ChangeType} {e.Name}");
                watcher.Renamed += (_, e) => changed($"{e.ChangeType} {e.Name}");
                // An overflowed watcher may have missed the change that matters: check anyway.
                watcher.Error += (_, e) => changed($"watcher error: {e.GetException().Message}");
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                unavailable(directory, e.Message);
            }
        }
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
            watcher.Dispose();
    }
}
