using Prometheus;

namespace Bifrost.Webhook.Profiles;

/// <summary>The profile-side caches as Prometheus sees them, one <c>resource</c> label value per cache.</summary>
internal sealed class ProfileCacheMetrics(IMetricFactory factory)
{
    private static readonly CounterConfiguration Labels = new() { LabelNames = ["resource"] };

    private readonly Counter lists = factory.CreateCounter(
        "bifrost_profile_cache_lists_total", "Full lists loaded into a profile-side cache (start, expired watch, recovery).", Labels);

    private readonly Counter failures = factory.CreateCounter(
        "bifrost_profile_cache_failures_total", "Failed lists or watches; the cache keeps serving what it knew.", Labels);

    private readonly Counter unreadable = factory.CreateCounter(
        "bifrost_profile_cache_unreadable_total", "Objects skipped because they do not match Bifrost's model.", Labels);

    private readonly Gauge size = factory.CreateGauge(
        "bifrost_profile_cache_objects", "Objects in a profile-side cache.", new GaugeConfiguration { LabelNames = ["resource"] });

    public void Listed(string resource, int count)
    {
        lists.WithLabels(resource).Inc();
        size.WithLabels(resource).Set(count);
    }

    public void Changed(string resource, int count) => size.WithLabels(resource).Set(count);

    public void Failed(string resource) => failures.WithLabels(resource).Inc();

    public void Unreadable(string resource) => unreadable.WithLabels(resource).Inc();
}
