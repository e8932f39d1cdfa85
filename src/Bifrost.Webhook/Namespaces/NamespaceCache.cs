using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Namespaces and their labels as last seen by the informer; admission reads it without an API call.</summary>
internal sealed class NamespaceCache : INamespaceLookup, IListWatchCache<NamespaceInfo>
{
    private readonly ObjectCache<NamespaceInfo> namespaces = new(item => item.Name);

    /// <summary>True once a full list has been loaded; stays true while the watch recovers, serving what it last knew.</summary>
    public bool IsSynced => namespaces.IsSynced;

    public int Count => namespaces.Count;

    public NamespaceInfo? Find(string name) => namespaces.Find(name);

    public void Replace(IReadOnlyList<NamespaceInfo> items) => namespaces.Replace(items);

    public void Apply(WatchChange<NamespaceInfo> change) => namespaces.Apply(change);
}
