using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
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

    private readonly Gauge packages = factory.CreateGauge(
        "bifrost_workload_packages",
        "Packages of a container's newest image read by a node agent, by BifrostProfile: installed, and in use (their code was executed or mapped).",
        new GaugeConfiguration { LabelNames = ["namespace", "profile", "container", "state"] });

    private HashSet<(string Namespace, string Profile, string Container, string State)> packageSeries = [];

    /// <summary>Sets the packages gauge from every profile's newest package finding per container; gone containers lose their series.</summary>
    public void Packages(IEnumerable<BifrostProfile> profiles)
    {
        var current = new HashSet<(string Namespace, string Profile, string Container, string State)>();
        foreach (var profile in profiles)
        {
            foreach (var container in profile.Status.Containers.Where(c => c.Packages.Count > 0))
            {
                var newest = container.Packages[^1];
                foreach (var (state, value) in new[] { ("installed", newest.Installed), ("in_use", newest.Used.Count) })
                {
                    packages.WithLabels(profile.Metadata.Namespace, profile.Metadata.Name, container.Name, state).Set(value);
                    current.Add((profile.Metadata.Namespace, profile.Metadata.Name, container.Name, state));
                }
            }
        }

        foreach (var gone in packageSeries.Where(s => !current.Contains(s)))
            packages.RemoveLabelled(gone.Namespace, gone.Profile, gone.Container, gone.State);
        packageSeries = current;
    }

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
