namespace Bifrost.Webhook.Namespaces;

/// <summary>Where the namespace cache gets its data: the API server in a cluster, anything that yields events in tests.</summary>
internal interface INamespaceSource
{
    /// <summary>Every namespace now, with the resource version to watch from.</summary>
    Task<NamespaceList> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes after <paramref name="resourceVersion"/> until the server ends the watch. Yields
    /// <see cref="NamespaceEventType.Expired"/> when the version is too old (410 Gone); throws on other failures.
    /// </summary>
    IAsyncEnumerable<NamespaceEvent> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
