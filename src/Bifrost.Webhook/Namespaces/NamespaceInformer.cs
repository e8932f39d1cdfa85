using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Namespaces;

/// <summary>
/// Keeps <see cref="NamespaceCache"/> current the way a client-go informer does: list, then watch from the
/// list's resource version; renew the watch when the server ends it, list again when the version expired,
/// and back off exponentially while the API server fails.
/// </summary>
internal sealed class NamespaceInformer(
    INamespaceSource source,
    NamespaceCache cache,
    NamespaceMetrics metrics,
    IOptions<KubernetesOptions> options,
    TimeProvider time,
    ILogger<NamespaceInformer> logger) : BackgroundService
{
    private readonly KubernetesOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var list = await source.ListAsync(stoppingToken).ConfigureAwait(false);
                cache.Replace(list.Items);
                metrics.Listed(cache.Count);
                NamespaceLog.Listed(logger, list.Items.Count, list.ResourceVersion);
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
                metrics.Failed();
                var delay = Backoff(failures);
                NamespaceLog.Failed(logger, e, failures, delay);
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

    /// <summary>Watches until the resource version expires (returns, so the caller lists again) or a failure throws.</summary>
    private async Task WatchAsync(string resourceVersion, CancellationToken stoppingToken)
    {
        while (true)
        {
            var events = 0;
            await foreach (var change in source.WatchAsync(resourceVersion, stoppingToken).ConfigureAwait(false))
            {
                events++;
                if (change.Type == NamespaceEventType.Expired)
                {
                    NamespaceLog.Expired(logger, resourceVersion);
                    return;
                }

                if (change.ResourceVersion is { Length: > 0 } version)
                    resourceVersion = version;
                if (change.Type == NamespaceEventType.Bookmark || change.Namespace is null)
                    continue;
                cache.Apply(change);
                metrics.Changed(cache.Count);
                NamespaceLog.Changed(logger, change.Namespace.Name, change.Type);
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
