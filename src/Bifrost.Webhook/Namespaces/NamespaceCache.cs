using System.Collections.Concurrent;
using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Namespaces and their labels as last seen by the informer; admission reads it without an API call.</summary>
internal sealed class NamespaceCache : INamespaceLookup
{
    private readonly ConcurrentDictionary<string, NamespaceInfo> namespaces = new(StringComparer.Ordinal);
    private volatile bool synced;

    /// <summary>True once a full list has been loaded; stays true while the watch recovers, serving what it last knew.</summary>
    public bool IsSynced => synced;

    public int Count => namespaces.Count;

    public NamespaceInfo? Find(string name) => namespaces.GetValueOrDefault(name);

    /// <summary>Replaces the contents with a fresh list, dropping namespaces deleted while no watch was open.</summary>
    public void Replace(IReadOnlyList<NamespaceInfo> items)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            namespaces[item.Name] = item;
            names.Add(item.Name);
        }

        foreach (var name in namespaces.Keys)
        {
            if (!names.Contains(name))
                namespaces.TryRemove(name, out _);
        }

        synced = true;
    }

    public void Apply(NamespaceEvent change)
    {
        if (change.Namespace is not { } item)
            return;
        switch (change.Type)
        {
            case NamespaceEventType.Added or NamespaceEventType.Modified:
                namespaces[item.Name] = item;
                break;
            case NamespaceEventType.Deleted:
                namespaces.TryRemove(item.Name, out _);
                break;
        }
    }
}
