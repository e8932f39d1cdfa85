using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>In a cluster only a real load counts: every Linux node's agent must report the profile Loaded with its hash.</summary>
internal sealed class ClusterNodeGate(NodeStateCache states, LinuxNodeCache nodes) : INodeGate, ILoadedProfiles
{
    private const int MaxNamed = 5;

    public string? Missing(RenderedProfile profile)
    {
        if (!states.IsSynced || !nodes.IsSynced)
            return "the node state caches have not synced";
        var linux = nodes.Names;
        if (linux.Count == 0)
            return "no Linux node is known";
        var without = states.NodesWithout(profile.Name, profile.Hash, linux);
        return without.Count == 0
            ? null
            : $"{without.Count} of {linux.Count} nodes have not loaded it ({string.Join(", ", without.Take(MaxNamed))}{(without.Count > MaxNamed ? ", …" : "")})";
    }

    public bool IsLoaded(RenderedProfile profile) => states.LoadedEverywhere(profile.Name, profile.Hash, nodes.Names);
}
