using System.Collections.Concurrent;

namespace Bifrost.Webhook.Kubernetes;

/// <summary>Objects by key as last seen by an informer, with a signal that fires on every change.</summary>
internal sealed class ObjectCache<T>(Func<T, string> keyOf) : IListWatchCache<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> items = new(StringComparer.Ordinal);
    private volatile bool synced;

    public bool IsSynced => synced;

    public int Count => items.Count;

    /// <summary>Fires after every list and every applied change.</summary>
    public ChangeSignal Changes { get; } = new();

    public ICollection<T> Values => items.Values;

    public T? Find(string key) => items.GetValueOrDefault(key);

    public void Replace(IReadOnlyList<T> list)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var key = keyOf(item);
            items[key] = item;
            keys.Add(key);
        }

        foreach (var key in items.Keys)
        {
            if (!keys.Contains(key))
                items.TryRemove(key, out _);
        }

        synced = true;
        Changes.Notify();
    }

    public void Apply(WatchChange<T> change)
    {
        if (change.Item is not { } item)
            return;
        switch (change.Type)
        {
            case WatchChangeType.Added or WatchChangeType.Modified:
                items[keyOf(item)] = item;
                break;
            case WatchChangeType.Deleted:
                items.TryRemove(keyOf(item), out _);
                break;
            default:
                return;
        }

        Changes.Notify();
    }
}
