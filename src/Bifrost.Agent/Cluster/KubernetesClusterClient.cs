using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The agent's API-server calls through the official client: list-then-watch BifrostProfiles and the pods bound to
/// its node, merge-patch its BifrostNode's status.
/// </summary>
internal sealed class KubernetesClusterClient(IKubernetes client, ILogger<KubernetesClusterClient> logger) : IClusterClient
{
    private const string Group = BifrostProfile.Group;
    private const string Version = BifrostProfile.Version;

    public async IAsyncEnumerable<ProfileEvent> WatchProfilesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Group, Version, BifrostProfile.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            var resourceVersion = list.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
            var items = list.TryGetProperty("items", out var array) ? array.EnumerateArray().Select(Read).OfType<BifrostProfile>().ToList() : [];
            yield return new ProfileEvent(ProfileEventType.Reset, items);

            var watch = client.CustomObjects.WatchListClusterCustomObjectAsync(
                Group, Version, BifrostProfile.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: 300,
                onError: e => ClusterLog.WatchError(logger, e), cancellationToken: cancellationToken);
            await foreach (var (type, item) in watch.ConfigureAwait(false))
            {
                if (type is WatchEventType.Bookmark or WatchEventType.Error || item is not JsonElement element || Read(element) is not { } profile)
                    continue;
                yield return new ProfileEvent(type == WatchEventType.Deleted ? ProfileEventType.Delete : ProfileEventType.Upsert, [profile]);
            }
        }
    }

    public async IAsyncEnumerable<PodEvent> WatchPodsAsync(string nodeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The field selector keeps the list and the watch to this node's pods: the API server filters, not the agent.
        var selector = $"spec.nodeName={nodeName}";
        while (!cancellationToken.IsCancellationRequested)
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            yield return new PodEvent(ProfileEventType.Reset, [.. list.Items.Select(ToNodePod).Where(p => p.Profiles.Count > 0)]);

            var watch = client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: list.Metadata?.ResourceVersion, timeoutSeconds: 300,
                onError: e => ClusterLog.PodWatchError(logger, e), cancellationToken: cancellationToken);
            await foreach (var (type, pod) in watch.ConfigureAwait(false))
            {
                if (type is WatchEventType.Bookmark or WatchEventType.Error || pod?.Metadata is null)
                    continue;
                yield return new PodEvent(type == WatchEventType.Deleted ? ProfileEventType.Delete : ProfileEventType.Upsert, [ToNodePod(pod)]);
            }
        }
    }

    public async Task WriteNodeStatusAsync(string nodeName, BifrostNodeStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, BifrostNode.Plural, nodeName, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var node = new JsonObject
            {
                ["apiVersion"] = $"{Group}/{Version}",
                ["kind"] = BifrostNode.KindName,
                ["metadata"] = new JsonObject { ["name"] = nodeName },
            };
            await client.CustomObjects.CreateClusterCustomObjectAsync(node, Group, Version, BifrostNode.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var patch = new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ProfileJson.Options) };
        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, BifrostNode.Plural, nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only the namespace and the status annotation matter; the rest of the pod is not serialized.</summary>
    private static NodePod ToNodePod(V1Pod pod)
    {
        var metadata = pod.Metadata;
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
        };
        return new NodePod(metadata.NamespaceProperty ?? "", metadata.Name ?? "", PodProfiles.Read(node));
    }

    private BifrostProfile? Read(JsonElement item)
    {
        try
        {
            return item.Deserialize<BifrostProfile>(ProfileJson.Options);
        }
        catch (JsonException e)
        {
            ClusterLog.UnreadableProfile(logger, e.Message);
            return null;
        }
    }
}
