using System.Collections.Concurrent;

namespace Bifrost.Kubernetes.Watching;

/// <summary>Objects by key as last seen by an informer, with a signal that fires on every change.</summary>
public sealed class ObjectCache<T>(Func<T, string> keyOf) : IListWatchCache<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> objects = new(StringComparer.Ordinal);
    private volatile bool synced;

    public bool IsSynced => synced;

    public int Count => objects.Count;

    /// <summary>Fires after every list and every applied change.</summary>
    public ChangeSignal Changes { get; } = new();

    public ICollection<T> Values => objects.Values;

    public T? Find(string key) => objects.GetValueOrDefault(key);

    public void Replace(IReadOnlyList<T> items)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = keyOf(item);
            objects[key] = item;
            keys.Add(key);
        }

        foreach (var key in objects.Keys)
        {
            if (!keys.Contains(key))
                objects.TryRemove(key, out _);
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
                objects[keyOf(item)] = item;
                break;
            case WatchChangeType.Deleted:
                objects.TryRemove(keyOf(item), out _);
                break;
            default:
                return;
        }

        Changes.Notify();
    }
}
