using System.Text.Json;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Watching;
using k8s;

namespace Bifrost.Kubernetes.Resources;

/// <summary>
/// Every object of a Bifrost custom resource, across all namespaces: a paged list, then watch requests with
/// bookmarks. An object that cannot be read is skipped, logged and passed to <paramref name="unreadable"/> (to be
/// counted), so one bad object does not stop the reader.
/// </summary>
public sealed class CustomObjectSource<T>(
    IKubernetes client,
    CustomResource resource,
    KubernetesOptions options,
    ILogger logger,
    Action<string>? unreadable = null) : IListWatchSource<T>
    where T : class
{
    private const int PageSize = 500;
    private readonly int watchSeconds = (int)options.WatchTimeout.TotalSeconds;

    public async Task<ListSnapshot<T>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        string? version;
        do
        {
            var page = await ListPageAsync(next, cancellationToken).ConfigureAwait(false);
            items.AddRange(CustomObjectJson.ItemsOf(page).Select(TryRead).OfType<T>());
            version = CustomObjectJson.ResourceVersionOf(page);
            next = CustomObjectJson.ContinueOf(page);
        }
        while (next is not null);
        return new ListSnapshot<T>(items, version ?? "");
    }

    public IAsyncEnumerable<WatchChange<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        KubernetesWatch.ReadAsync<object, T>(
            onError => resource.ClusterScoped
                ? client.CustomObjects.WatchListClusterCustomObjectAsync(
                    BifrostProfile.Group, BifrostProfile.Version, resource.Plural, allowWatchBookmarks: true,
                    resourceVersion: resourceVersion, timeoutSeconds: watchSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    BifrostProfile.Group, BifrostProfile.Version, resource.Plural, allowWatchBookmarks: true,
                    resourceVersion: resourceVersion, timeoutSeconds: watchSeconds, onError: onError, cancellationToken: cancellationToken),
            ToChange,
            resource.Plural,
            cancellationToken);

    private Task<JsonElement> ListPageAsync(string? next, CancellationToken cancellationToken) => resource.ClusterScoped
        ? client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(
            BifrostProfile.Group, BifrostProfile.Version, resource.Plural, continueParameter: next, limit: PageSize, cancellationToken: cancellationToken)
        : client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(
            BifrostProfile.Group, BifrostProfile.Version, resource.Plural, continueParameter: next, limit: PageSize, cancellationToken: cancellationToken);

    private WatchChange<T>? ToChange(WatchEventType type, object? item)
    {
        if (item is not JsonElement element)
            return null;
        var version = CustomObjectJson.ResourceVersionOf(element);
        var change = KubernetesWatch.TypeOf(type);
        // A bookmark carries only metadata.resourceVersion: there is no object to read.
        if (change == WatchChangeType.Bookmark)
            return new WatchChange<T>(change, null, version);
        return TryRead(element) is { } read ? new WatchChange<T>(change, read, version) : new WatchChange<T>(WatchChangeType.Bookmark, null, version);
    }

    private T? TryRead(JsonElement element)
    {
        try
        {
            return CustomObjectJson.Read<T>(element, resource.ClusterScoped);
        }
        catch (InvalidDataException e)
        {
            unreadable?.Invoke(resource.Plural);
            ResourceLog.Unreadable(logger, resource.Plural, CustomObjectJson.NameOf(element), e.Message);
            return null;
        }
    }
}
