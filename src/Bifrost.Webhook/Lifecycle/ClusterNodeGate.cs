using System.Collections.Concurrent;
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

    public string? Failed(RenderedProfile profile)
    {
        if (!states.IsSynced || !nodes.IsSynced)
            return null;
        var linux = nodes.Names;
        var failed = states.NodesFailed(profile.Name, profile.Hash, linux);
        return failed.Count == 0
            ? null
            : $"{failed.Count} of {linux.Count} nodes failed to load it ({string.Join(", ", failed.Take(MaxNamed).Select(f => f.Message is { Length: > 0 } m ? $"{f.Node}: {m}" : f.Node))}{(failed.Count > MaxNamed ? ", …" : "")})";
    }

    /// <summary>
    /// Asked per container on the admission path: answers are remembered until node states or the node list change,
    /// so a pod costs a lookup, not a pass over every node.
    /// </summary>
    public bool IsLoaded(RenderedProfile profile)
    {
        var current = Current();
        return current.Loaded.GetOrAdd($"{profile.Name}@{profile.Hash}", _ => states.LoadedEverywhere(profile.Name, profile.Hash, current.Linux));
    }

    private Answers Current()
    {
        // Generations are read before the data, so an answer is never remembered under a newer generation than it saw.
        var (stateGeneration, nodeGeneration) = (states.Changes.Generation, nodes.Changes.Generation);
        var current = answers;
        if (current is null || current.States != stateGeneration || current.Nodes != nodeGeneration)
            answers = current = new Answers(stateGeneration, nodeGeneration, nodes.Names, new(StringComparer.Ordinal));
        return current;
    }

    private volatile Answers? answers;

    private sealed record Answers(long States, long Nodes, IReadOnlyList<string> Linux, ConcurrentDictionary<string, bool> Loaded);
}
