using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Profiles;

/// <summary>The cluster's Linux nodes: the ones an enforce profile must be loaded on before it is used.</summary>
internal sealed class LinuxNodeCache : IListWatchCache<LinuxNode>
{
    private readonly ObjectCache<LinuxNode> nodes = new(node => node.Name);

    public bool IsSynced => nodes.IsSynced;

    public int Count => nodes.Count;

    /// <summary>Node names, in name order.</summary>
    public IReadOnlyList<string> Names => [.. nodes.Values.Select(node => node.Name).Order(StringComparer.Ordinal)];

    /// <summary>Fires after every list and every applied change.</summary>
    public ChangeSignal Changes => nodes.Changes;

    public void Replace(IReadOnlyList<LinuxNode> items) => nodes.Replace(items);

    public void Apply(WatchChange<LinuxNode> change) => nodes.Apply(change);
}
