using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>A pod bound to this node, reduced to the Bifrost profiles its containers were given at admission.</summary>
internal sealed record NodePod(string Namespace, string Name, IReadOnlyList<PodProfile> Profiles)
{
    public string Key => $"{Namespace}/{Name}";
}
