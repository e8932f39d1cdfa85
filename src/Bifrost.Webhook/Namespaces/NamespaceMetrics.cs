using Prometheus;

namespace Bifrost.Webhook.Namespaces;

/// <summary>The namespace cache as Prometheus sees it.</summary>
internal sealed class NamespaceMetrics(IMetricFactory factory)
{
    private readonly Counter lists = factory.CreateCounter(
        "bifrost_namespace_cache_lists_total", "Full lists of namespaces loaded into the cache (start, expired watch, recovery).");

    private readonly Counter failures = factory.CreateCounter(
        "bifrost_namespace_cache_failures_total", "Failed namespace lists or watches; the cache keeps serving what it knew.");

    private readonly Gauge size = factory.CreateGauge(
        "bifrost_namespace_cache_namespaces", "Namespaces in the cache.");

    public void Listed(int count)
    {
        lists.Inc();
        size.Set(count);
    }

    public void Changed(int count) => size.Set(count);

    public void Failed() => failures.Inc();
}
