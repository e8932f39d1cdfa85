using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// A pod bound to this node, reduced to the Bifrost profiles its containers were given at admission and, where its
/// status names them, its containers' runtime ids and images. <paramref name="UninstallRequest"/> is the value of an
/// agent pod's <c>bifrost.io/uninstall</c> annotation.
/// </summary>
internal sealed record NodePod(string Namespace, string Name, IReadOnlyList<PodProfile> Profiles, PodContainers? Containers = null, string? UninstallRequest = null)
{
    public string Key => $"{Namespace}/{Name}";
}
