using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The pods bound to one node, as the profiles Bifrost gave their containers. The field selector keeps the list and
/// the watch to this node's pods: the API server filters, not the agent.
/// </summary>
internal sealed class NodePodSource(IKubernetes client, string nodeName, KubernetesOptions options) : IListWatchSource<NodePod>
{
    private readonly string selector = $"spec.nodeName={nodeName}";
    private readonly int watchSeconds = (int)options.WatchTimeout.TotalSeconds;

    public async Task<ListSnapshot<NodePod>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ListSnapshot<NodePod>([.. list.Items.Select(ToNodePod)], list.Metadata?.ResourceVersion ?? "");
    }

    public IAsyncEnumerable<WatchChange<NodePod>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        KubernetesWatch.ReadAsync<V1Pod, NodePod>(
            onError => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: resourceVersion, timeoutSeconds: watchSeconds,
                onError: onError, cancellationToken: cancellationToken),
            (type, pod) => new WatchChange<NodePod>(
                KubernetesWatch.TypeOf(type), pod?.Metadata is null || type == WatchEventType.Bookmark ? null : ToNodePod(pod), pod?.Metadata?.ResourceVersion),
            "pod",
            cancellationToken);

    /// <summary>Only the namespace, the status annotation and the containers' ids and images matter; the rest of the pod is not serialized.</summary>
    private static NodePod ToNodePod(V1Pod pod)
    {
        var metadata = pod.Metadata;
        if (metadata?.Annotations?.TryGetValue(BifrostLabels.Uninstall, out var uninstall) == true)
            return new NodePod(metadata.NamespaceProperty ?? "", metadata.Name ?? "", [], UninstallRequest: uninstall);
        if (metadata?.Annotations is not { } annotations || !annotations.TryGetValue(BifrostLabels.Status, out var status))
            return new NodePod(metadata?.NamespaceProperty ?? "", metadata?.Name ?? "", []);
        var node = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["namespace"] = metadata.NamespaceProperty,
                ["name"] = metadata.Name,
                ["annotations"] = new JsonObject { [BifrostLabels.Status] = status },
            },
            ["status"] = new JsonObject
            {
                ["containerStatuses"] = Statuses(pod.Status?.ContainerStatuses),
                ["initContainerStatuses"] = Statuses(pod.Status?.InitContainerStatuses),
                ["ephemeralContainerStatuses"] = Statuses(pod.Status?.EphemeralContainerStatuses),
            },
        };
        return new NodePod(metadata.NamespaceProperty ?? "", metadata.Name ?? "", PodProfiles.Read(node), PodContainers.FromPod(node));
    }

    private static JsonArray Statuses(IList<V1ContainerStatus>? statuses) =>
        [.. (statuses ?? []).Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["containerID"] = c.ContainerID,
            ["imageID"] = c.ImageID,
            ["state"] = c.State?.Running is null ? new JsonObject() : new JsonObject { ["running"] = new JsonObject() },
        })];
}
