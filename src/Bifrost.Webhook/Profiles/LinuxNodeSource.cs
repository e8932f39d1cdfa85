using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Microsoft.Extensions.Options;
using k8s.Models;
using k8s;

namespace Bifrost.Webhook.Profiles;

/// <summary>Nodes labelled <c>kubernetes.io/os=linux</c>; a node whose label changes leaves the watch as a delete.</summary>
internal sealed class LinuxNodeSource(IKubernetes client, IOptions<KubernetesOptions> options) : IListWatchSource<LinuxNode>
{
    public const string Selector = "kubernetes.io/os=linux";

    private readonly int watchSeconds = (int)options.Value.WatchTimeout.TotalSeconds;

    public async Task<ListSnapshot<LinuxNode>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNodeAsync(labelSelector: Selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ListSnapshot<LinuxNode>(list.Items.Select(ToNode).ToList(), list.Metadata?.ResourceVersion ?? "");
    }

    public IAsyncEnumerable<WatchChange<LinuxNode>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        KubernetesWatch.ReadAsync<V1Node, LinuxNode>(
            onError => client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: resourceVersion, timeoutSeconds: watchSeconds,
                onError: onError, cancellationToken: cancellationToken),
            (type, item) => new WatchChange<LinuxNode>(
                KubernetesWatch.TypeOf(type), item is null || type == WatchEventType.Bookmark ? null : ToNode(item), item?.Metadata?.ResourceVersion),
            "node",
            cancellationToken);

    private static LinuxNode ToNode(V1Node node) => new(node.Metadata?.Name ?? "");
}
