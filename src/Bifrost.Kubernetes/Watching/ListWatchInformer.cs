namespace Bifrost.Kubernetes.Watching;

/// <summary>
/// Keeps an <see cref="IListWatchCache{T}"/> current from <see cref="ListWatch"/>: a list replaces the cache, each
/// change is applied to it, and while the API server fails the cache keeps serving what it last knew.
/// Subclasses say what to log and count.
/// </summary>
public abstract class ListWatchInformer<T>(
    IListWatchSource<T> source, IListWatchCache<T> cache, KubernetesOptions settings, TimeProvider time) : BackgroundService
{
    protected IListWatchCache<T> Cache { get; } = cache;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var step in ListWatch.ReadAsync(source, Backoff.Of(settings), time, OnFailed, stoppingToken).ConfigureAwait(false))
        {
            if (step.List is { } list)
            {
                Cache.Replace(list.Items);
                OnListed(list.Items.Count, list.ResourceVersion);
            }
            else if (step.Change is { Type: WatchChangeType.Expired } expired)
            {
                OnExpired(expired.ResourceVersion ?? "");
            }
            else if (step.Change is { } change)
            {
                Cache.Apply(change);
                OnChanged(change);
            }
        }
    }

    /// <summary>A full list replaced the cache.</summary>
    protected abstract void OnListed(int count, string resourceVersion);

    /// <summary>The watch's resource version expired; a list follows.</summary>
    protected abstract void OnExpired(string resourceVersion);

    /// <summary>A list or watch failed; the next attempt follows after <paramref name="delay"/>.</summary>
    protected abstract void OnFailed(Exception exception, int failures, TimeSpan delay);

    /// <summary>An added, modified or deleted object was applied to the cache.</summary>
    protected abstract void OnChanged(WatchChange<T> change);
}
