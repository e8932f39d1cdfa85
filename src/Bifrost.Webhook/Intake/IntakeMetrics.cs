using Prometheus;

namespace Bifrost.Webhook.Intake;

internal sealed class IntakeMetrics(IMetricFactory factory)
{
    private readonly Counter reports = factory.CreateCounter(
        "bifrost_intake_reports_total", "Observation reports received, by result (accepted, rejected) and reason.",
        new CounterConfiguration { LabelNames = ["result", "reason"] });

    private readonly Counter observations = factory.CreateCounter(
        "bifrost_intake_observations_total", "Observations in accepted reports.");

    private readonly Histogram duration = factory.CreateHistogram(
        "bifrost_intake_duration_seconds", "Time to answer a report, including making it durable.",
        new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private readonly Counter flushes = factory.CreateCounter(
        "bifrost_intake_flushes_total", "Merges of waiting reports into the profile store, by result.",
        new CounterConfiguration { LabelNames = ["result"] });

    private readonly Counter newRules = factory.CreateCounter(
        "bifrost_profile_new_rules_total", "New generalised rules learned.");

    private readonly Counter unattributed = factory.CreateCounter(
        "bifrost_intake_unattributed_observations_total", "Observations of a runtime container id that names no container of the reporting pod (its sandbox), left out.");

    private readonly Counter dropped = factory.CreateCounter(
        "bifrost_intake_dropped_records_total", "Records reporters lost before reporting (a report's dropped count: kernel ring full, queue over its limit), by source (tracer, audit, denied).",
        new CounterConfiguration { LabelNames = ["source"] });

    public void Unattributed(int count) => unattributed.Inc(count);

    /// <summary>Source is one of the known report sources, checked before a report is accepted.</summary>
    public void Dropped(string source, long count)
    {
        if (count > 0)
            dropped.WithLabels(source).Inc(count);
    }

    public void Accepted(int count)
    {
        reports.WithLabels("accepted", "").Inc();
        observations.Inc(count);
    }

    public void Rejected(string reason) => reports.WithLabels("rejected", reason).Inc();

    public void Observe(TimeSpan elapsed) => duration.Observe(elapsed.TotalSeconds);

    public void Flushed(bool ok) => flushes.WithLabels(ok ? "success" : "failure").Inc();

    public void Learned(int rules) => newRules.Inc(rules);
}
