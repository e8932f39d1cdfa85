using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// A pod bound to this node, reduced to the Bifrost profiles its containers were given at admission and, where its
/// status names them, its containers' runtime ids and images.
/// </summary>
internal sealed record NodePod(string Namespace, string Name, IReadOnlyList<PodProfile> Profiles, PodContainers? Containers = null)
{
    public string Key => $"{Namespace}/{Name}";
}
