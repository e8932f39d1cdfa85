using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Profiles;

/// <summary>Keeps one profile-side cache current (see <see cref="ListWatchInformer{T}"/>), logging and counting under its resource name.</summary>
internal sealed class ProfileCacheInformer<T>(
    string resource,
    Func<T, string> nameOf,
    IListWatchSource<T> source,
    IListWatchCache<T> cache,
    ProfileCacheMetrics metrics,
    IOptions<KubernetesOptions> options,
    TimeProvider time,
    ILogger<ProfileCacheInformer<T>> logger) : ListWatchInformer<T>(source, cache, options.Value, time)
{
    protected override void OnListed(int count, string resourceVersion)
    {
        metrics.Listed(resource, Cache.Count);
        ProfileCacheLog.Listed(logger, resource, count, resourceVersion);
    }

    protected override void OnExpired(string resourceVersion) => ProfileCacheLog.Expired(logger, resource, resourceVersion);

    protected override void OnFailed(Exception error, int failures, TimeSpan delay)
    {
        metrics.Failed(resource);
        ProfileCacheLog.Failed(logger, error, resource, failures, delay);
    }

    protected override void OnChanged(WatchChange<T> change)
    {
        metrics.Changed(resource, Cache.Count);
        ProfileCacheLog.Changed(logger, resource, nameOf(change.Item!), change.Type);
    }
}
