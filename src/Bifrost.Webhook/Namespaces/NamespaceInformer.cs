using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Keeps <see cref="NamespaceCache"/> current from the API server (see <see cref="ListWatchInformer{T}"/>).</summary>
internal sealed class NamespaceInformer(
    IListWatchSource<NamespaceInfo> source,
    NamespaceCache cache,
    NamespaceMetrics metrics,
    IOptions<KubernetesOptions> options,
    TimeProvider time,
    ILogger<NamespaceInformer> logger) : ListWatchInformer<NamespaceInfo>(source, cache, options.Value, time)
{
    protected override void OnListed(int count, string resourceVersion)
    {
        metrics.Listed(cache.Count);
        NamespaceLog.Listed(logger, count, resourceVersion);
    }

    protected override void OnExpired(string resourceVersion) => NamespaceLog.Expired(logger, resourceVersion);

    protected override void OnFailed(Exception error, int failures, TimeSpan delay)
    {
        metrics.Failed();
        NamespaceLog.Failed(logger, error, failures, delay);
    }

    protected override void OnChanged(WatchChange<NamespaceInfo> change)
    {
        metrics.Changed(cache.Count);
        NamespaceLog.Changed(logger, change.Item!.Name, change.Type);
    }
}
