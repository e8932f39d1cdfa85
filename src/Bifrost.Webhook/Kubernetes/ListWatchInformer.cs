namespace Bifrost.Webhook.Kubernetes;

/// <summary>
/// Keeps an <see cref="IListWatchCache{T}"/> current the way a client-go informer does: list, then watch from the
/// list's resource version; renew the watch when the server ends it, list again when the version expired,
/// and back off exponentially, with jitter, while the API server fails. Subclasses say what to log and count.
/// </summary>
internal abstract class ListWatchInformer<T>(
    IListWatchSource<T> source, IListWatchCache<T> cache, KubernetesOptions settings, TimeProvider time) : BackgroundService
{
    protected IListWatchCache<T> Cache { get; } = cache;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var list = await source.ListAsync(stoppingToken).ConfigureAwait(false);
                Cache.Replace(list.Items);
                OnListed(list.Items.Count, list.ResourceVersion);
                failures = 0;
                await WatchAsync(list.ResourceVersion, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the API server is retried; the cache keeps serving meanwhile.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                var delay = Backoff(failures);
                OnFailed(e, failures, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>A full list replaced the cache.</summary>
    protected abstract void OnListed(int count, string resourceVersion);

    /// <summary>The watch's resource version expired; a list follows.</summary>
    protected abstract void OnExpired(string resourceVersion);

    /// <summary>A list or watch failed; the next attempt follows after <paramref name="delay"/>.</summary>
    protected abstract void OnFailed(Exception error, int failures, TimeSpan delay);

    /// <summary>An added, modified or deleted object was applied to the cache.</summary>
    protected abstract void OnChanged(WatchChange<T> change);

    /// <summary>Watches until the resource version expires (returns, so the caller lists again) or a failure throws.</summary>
    private async Task WatchAsync(string resourceVersion, CancellationToken stoppingToken)
    {
        while (true)
        {
            var events = 0;
            await foreach (var change in source.WatchAsync(resourceVersion, stoppingToken).ConfigureAwait(false))
            {
                events++;
                if (change.Type == WatchChangeType.Expired)
                {
                    OnExpired(resourceVersion);
                    return;
                }

                if (change.ResourceVersion is { Length: > 0 } version)
                    resourceVersion = version;
                if (change.Type == WatchChangeType.Bookmark || change.Item is null)
                    continue;
                Cache.Apply(change);
                OnChanged(change);
            }

            // A watch the server closed at once, with nothing in it, must not turn into a busy loop.
            if (events == 0)
                await Task.Delay(settings.MinBackoff, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var doubled = settings.MinBackoff * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = doubled < settings.MaxBackoff ? doubled : settings.MaxBackoff;
        // Jitter, so that many webhook replicas do not hit a recovering API server in step.
        return capped * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }
}
