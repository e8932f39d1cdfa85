using System.Net;
using System.Runtime.CompilerServices;
using Bifrost.Core.Admission;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Namespaces from the API server: one list, then watch requests with bookmarks.</summary>
internal sealed class KubernetesNamespaceSource(IKubernetes client, IOptions<KubernetesOptions> options) : INamespaceSource
{
    private readonly int watchSeconds = (int)options.Value.WatchTimeout.TotalSeconds;

    public async Task<NamespaceList> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new NamespaceList(list.Items.Select(ToInfo).ToList(), list.Metadata?.ResourceVersion ?? "");
    }

    public async IAsyncEnumerable<NamespaceEvent> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A watch reports server-side errors (such as 410 Gone) through the callback, not as items.
        Exception? error = null;
        var events = client.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: watchSeconds,
            onError: e => error ??= e, cancellationToken: cancellationToken);
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (error is null)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        break;
                }
                catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    error = e;
                    break;
                }

                var (type, item) = enumerator.Current;
                yield return ToEvent(type, item);
            }
        }

        if (error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone } or HttpOperationException)
            yield return new NamespaceEvent(NamespaceEventType.Expired, null, null);
        else if (error is not null)
            throw new InvalidOperationException($"namespace watch failed: {error.Message}", error);
    }

    private static NamespaceEvent ToEvent(WatchEventType type, V1Namespace? item)
    {
        var version = item?.Metadata?.ResourceVersion;
        return (type, item) switch
        {
            (WatchEventType.Added, { } added) => new NamespaceEvent(NamespaceEventType.Added, ToInfo(added), version),
            (WatchEventType.Modified, { } modified) => new NamespaceEvent(NamespaceEventType.Modified, ToInfo(modified), version),
            (WatchEventType.Deleted, { } deleted) => new NamespaceEvent(NamespaceEventType.Deleted, ToInfo(deleted), version),
            _ => new NamespaceEvent(NamespaceEventType.Bookmark, null, version),
        };
    }

    internal static NamespaceInfo ToInfo(V1Namespace item) => new(
        item.Metadata?.Name ?? "",
        item.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>());
}
