using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Profiles;

/// <summary>What each node agent reports as loaded (its BifrostNode), for the controller's enforce gate.</summary>
internal sealed class NodeStateCache : IListWatchCache<BifrostNode>
{
    private readonly ObjectCache<BifrostNode> nodes = new(node => node.Metadata.Name);

    public bool IsSynced => nodes.IsSynced;

    public int Count => nodes.Count;

    public IReadOnlyCollection<BifrostNode> All => [.. nodes.Values];

    /// <summary>Fires after every list and every applied change.</summary>
    public ChangeSignal Changes => nodes.Changes;

    public BifrostNode? Find(string nodeName) => nodes.Find(nodeName);

    /// <summary>
    /// True only when the cache has synced, there is at least one Linux node and every one of them reports the
    /// profile <see cref="NodeProfileState.Loaded"/> with this hash. An empty node list never counts as "everywhere".
    /// </summary>
    public bool LoadedEverywhere(string profileName, string hash, IReadOnlyCollection<string> linuxNodes) =>
        IsSynced && linuxNodes.Count > 0 && NodesWithout(profileName, hash, linuxNodes).Count == 0;

    /// <summary>The nodes of <paramref name="linuxNodes"/> that have not reported the profile loaded with this hash, in name order.</summary>
    public IReadOnlyList<string> NodesWithout(string profileName, string hash, IReadOnlyCollection<string> linuxNodes) =>
        linuxNodes.Where(node => !HasLoaded(nodes.Find(node), profileName, hash)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The nodes of <paramref name="linuxNodes"/> that report loading this version failed, with the parser's message, in name order.</summary>
    public IReadOnlyList<(string Node, string? Message)> NodesFailed(string profileName, string hash, IReadOnlyCollection<string> linuxNodes) =>
        [.. linuxNodes.Order(StringComparer.Ordinal)
            .Select(node => (Node: node, Profile: nodes.Find(node)?.Status.Profiles.FirstOrDefault(p => p.Name == profileName && p.Hash == hash)))
            .Where(n => n.Profile?.State == NodeProfileState.Error)
            .Select(n => (n.Node, n.Profile!.Message))];

    public void Replace(IReadOnlyList<BifrostNode> items) => nodes.Replace(items);

    public void Apply(WatchChange<BifrostNode> change) => nodes.Apply(change);

    private static bool HasLoaded(BifrostNode? node, string profileName, string hash) =>
        node?.Status.Profiles.Any(p => p.Name == profileName && p.Hash == hash && p.State == NodeProfileState.Loaded) == true;
}
