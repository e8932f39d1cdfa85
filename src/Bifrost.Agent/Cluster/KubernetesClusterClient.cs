using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Resources;
using Bifrost.Kubernetes.Watching;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The agent's API-server calls through the official client: the shared list-watch (<see cref="ListWatch"/>: paged
/// lists, bookmarks, a new list after 410 Gone, backoff with jitter) of BifrostProfiles and of the pods bound to its
/// node, and a merge-patch of its BifrostNode's status.
/// </summary>
internal sealed class KubernetesClusterClient(
    IKubernetes client, KubernetesOptions options, TimeProvider time, ILogger<KubernetesClusterClient> logger) : IClusterClient
{
    private const string Group = BifrostProfile.Group;
    private const string Version = BifrostProfile.Version;

    public async IAsyncEnumerable<ProfileEvent> WatchProfilesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = new CustomObjectSource<BifrostProfile>(client, CustomResource.Profiles, options, logger);
        var steps = ListWatch.ReadAsync(source, Backoff.Of(options), time, (e, _, delay) => ClusterLog.WatchFailed(logger, delay, e), cancellationToken);
        await foreach (var step in steps.ConfigureAwait(false))
        {
            if (step.List is { } list)
                yield return new ProfileEvent(ProfileEventType.Reset, list.Items);
            else if (step.Change is { Item: { } profile } change && EventTypeOf(change.Type) is { } type)
                yield return new ProfileEvent(type, [profile]);
        }
    }

    public async IAsyncEnumerable<PodEvent> WatchPodsAsync(string nodeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = new NodePodSource(client, nodeName, options);
        var steps = ListWatch.ReadAsync(source, Backoff.Of(options), time, (e, _, delay) => ClusterLog.PodWatchFailed(logger, delay, e), cancellationToken);
        await foreach (var step in steps.ConfigureAwait(false))
        {
            if (step.List is { } list)
                yield return new PodEvent(ProfileEventType.Reset, [.. list.Items.Where(p => p.Profiles.Count > 0 || p.UninstallRequest is not null)]);
            else if (step.Change is { Item: { } pod } change && EventTypeOf(change.Type) is { } type)
                yield return new PodEvent(type, [pod]);
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

    private static ProfileEventType? EventTypeOf(WatchChangeType type) => type switch
    {
        WatchChangeType.Added or WatchChangeType.Modified => ProfileEventType.Upsert,
        WatchChangeType.Deleted => ProfileEventType.Delete,
        _ => null,
    };
}
