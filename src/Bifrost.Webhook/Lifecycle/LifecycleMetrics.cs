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

    private readonly Gauge workloadPhase = factory.CreateGauge(
        "bifrost_workload_phase", "1 for the phase each BifrostProfile is in, by namespace, profile and phase.",
        new GaugeConfiguration { LabelNames = ["namespace", "profile", "phase"] });

    private readonly Gauge workloadRules = factory.CreateGauge(
        "bifrost_workload_rules", "Rules learned over all containers of a BifrostProfile.",
        new GaugeConfiguration { LabelNames = ["namespace", "profile"] });

    private readonly Gauge workloadPods = factory.CreateGauge(
        "bifrost_workload_pods_seen", "Pods whose reports a BifrostProfile learned from (the most over its containers).",
        new GaugeConfiguration { LabelNames = ["namespace", "profile"] });

    private HashSet<(string Namespace, string Profile, string Container, string State)> packageSeries = [];
    private Dictionary<(string Namespace, string Profile), string> workloadSeries = [];

    /// <summary>
    /// Learning progress per workload from the round's profiles: its phase, rules and pods seen. A profile that is gone
    /// loses its series, and a phase change moves the phase series rather than adding one.
    /// </summary>
    public void Workloads(IEnumerable<BifrostProfile> profiles)
    {
        var current = new Dictionary<(string Namespace, string Profile), string>();
        foreach (var profile in profiles)
        {
            var key = (profile.Metadata.Namespace, profile.Metadata.Name);
            var phase = profile.Status.Phase.ToString();
            if (workloadSeries.TryGetValue(key, out var before) && before != phase)
                workloadPhase.RemoveLabelled(key.Namespace, key.Name, before);
            workloadPhase.WithLabels(key.Namespace, key.Name, phase).Set(1);
            workloadRules.WithLabels(key.Namespace, key.Name).Set(profile.Status.Rules);
            workloadPods.WithLabels(key.Namespace, key.Name).Set(profile.Status.Containers.Select(c => c.Pods).DefaultIfEmpty(0).Max());
            current[key] = phase;
        }

        foreach (var (gone, phase) in workloadSeries.Where(s => !current.ContainsKey(s.Key)))
        {
            workloadPhase.RemoveLabelled(gone.Namespace, gone.Profile, phase);
            workloadRules.RemoveLabelled(gone.Namespace, gone.Profile);
            workloadPods.RemoveLabelled(gone.Namespace, gone.Profile);
        }

        workloadSeries = current;
    }

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
