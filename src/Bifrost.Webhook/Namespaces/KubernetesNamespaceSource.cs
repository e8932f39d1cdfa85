using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Microsoft.Extensions.Options;
using k8s.Models;
using k8s;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Namespaces from the API server: one list, then watch requests with bookmarks.</summary>
internal sealed class KubernetesNamespaceSource(IKubernetes client, IOptions<KubernetesOptions> options) : IListWatchSource<NamespaceInfo>
{
    private readonly int watchSeconds = (int)options.Value.WatchTimeout.TotalSeconds;

    public async Task<ListSnapshot<NamespaceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ListSnapshot<NamespaceInfo>(list.Items.Select(ToInfo).ToList(), list.Metadata?.ResourceVersion ?? "");
    }

    public IAsyncEnumerable<WatchChange<NamespaceInfo>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        KubernetesWatch.ReadAsync<V1Namespace, NamespaceInfo>(
            onError => client.CoreV1.WatchListNamespaceAsync(
                allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: watchSeconds,
                onError: onError, cancellationToken: cancellationToken),
            (type, item) => new WatchChange<NamespaceInfo>(
                KubernetesWatch.TypeOf(type), item is null || type == WatchEventType.Bookmark ? null : ToInfo(item), item?.Metadata?.ResourceVersion),
            "namespace",
            cancellationToken);

    internal static NamespaceInfo ToInfo(V1Namespace item) => new(
        item.Metadata?.Name ?? "",
        item.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>());
}
