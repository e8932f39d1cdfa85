namespace Bifrost.Kubernetes.Watching;

/// <summary>Where an informer gets its objects: the API server in a cluster, anything that yields changes in tests.</summary>
public interface IListWatchSource<T>
{
    /// <summary>Every object now, with the resource version to watch from.</summary>
    Task<ListSnapshot<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes after <paramref name="resourceVersion"/> until the server ends the watch. Yields
    /// <see cref="WatchChangeType.Expired"/> when the version is too old (410 Gone); throws on other failures.
    /// </summary>
    IAsyncEnumerable<WatchChange<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
