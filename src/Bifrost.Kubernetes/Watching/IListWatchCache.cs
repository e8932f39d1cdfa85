namespace Bifrost.Kubernetes.Watching;

/// <summary>What an informer keeps current: replaced wholesale by a list, then changed event by event.</summary>
public interface IListWatchCache<T>
{
    /// <summary>True once a full list has been loaded; stays true while the watch recovers, serving what it last knew.</summary>
    bool IsSynced { get; }

    int Count { get; }

    /// <summary>Replaces the contents with a fresh list, dropping objects deleted while no watch was open.</summary>
    void Replace(IReadOnlyList<T> items);

    void Apply(WatchChange<T> change);
}
