using Bifrost.Core.Learning;
using Prometheus;

namespace Bifrost.Webhook.Lifecycle;

internal sealed class LifecycleMetrics(IMetricFactory factory)
{
    private readonly Gauge profiles = factory.CreateGauge(
        "bifrost_profiles", "BifrostProfiles by phase.", new GaugeConfiguration { LabelNames = ["phase"] });

    private readonly Counter transitions = factory.CreateCounter(
        "bifrost_phase_transitions_total", "Phase changes of workload profiles.", new CounterConfiguration { LabelNames = ["from", "to"] });

    private readonly Histogram timeToStable = factory.CreateHistogram(
        "bifrost_time_to_stable_seconds", "From learning start to the profile found stable.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(60, 2, 12) });

    public void Count(IEnumerable<ProfilePhase> phases)
    {
        var counts = phases.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        foreach (var phase in Enum.GetValues<ProfilePhase>())
            profiles.WithLabels(phase.ToString()).Set(counts.GetValueOrDefault(phase));
    }

    public void Changed(ProfilePhase from, ProfilePhase to, TimeSpan? sinceLearning)
    {
        transitions.WithLabels(from.ToString(), to.ToString()).Inc();
        if (to == ProfilePhase.Stable && sinceLearning is { } elapsed)
            timeToStable.Observe(elapsed.TotalSeconds);
    }
}
