using Prometheus;

namespace Bifrost.Webhook.Reconcile;

/// <summary>What the search for unprotected pods counts. Label values are namespaces and fixed strings.</summary>
internal sealed class ReconcileMetrics(IMetricFactory factory)
{
    private readonly Gauge unprotected = factory.CreateGauge(
        "bifrost_pods_unprotected", "Running pods admission would protect that carry none of Bifrost's settings, as of the last round, by namespace and reason (not-admitted, profile-missing). Set by the leader only.",
        new GaugeConfiguration { LabelNames = ["namespace", "reason"] });

    private readonly Counter found = factory.CreateCounter(
        "bifrost_pods_unprotected_found_total", "Unprotected running pods found, each pod counted once, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    private readonly Counter restarts = factory.CreateCounter(
        "bifrost_unprotected_restarts_total", "Rolling restarts of workloads with unprotected pods (Bifrost:Reconcile:RestartUnprotected), by result (restarted, failed).",
        new CounterConfiguration { LabelNames = ["result"] });

    private readonly Counter rounds = factory.CreateCounter(
        "bifrost_reconcile_rounds_total", "Searches for unprotected pods, by result (success, failure).",
        new CounterConfiguration { LabelNames = ["result"] });

    public void Set(IEnumerable<(string Namespace, string Reason)> pods)
    {
        var counts = pods.CountBy(p => p).ToDictionary(p => p.Key, p => p.Value);
        foreach (var labels in unprotected.GetAllLabelValues().ToList())
        {
            if (!counts.ContainsKey((labels[0], labels[1])))
                unprotected.RemoveLabelled(labels);
        }

        foreach (var ((@namespace, reason), count) in counts)
            unprotected.WithLabels(@namespace, reason).Set(count);
    }

    /// <summary>Only the leader reports: a replica that stopped leading takes its numbers back.</summary>
    public void Clear() => Set([]);

    public void Found(string reason) => found.WithLabels(reason).Inc();

    public void Restarted(bool ok) => restarts.WithLabels(ok ? "restarted" : "failed").Inc();

    public void Round(bool ok) => rounds.WithLabels(ok ? "success" : "failure").Inc();
}
