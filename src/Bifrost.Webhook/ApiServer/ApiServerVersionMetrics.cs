using Prometheus;

namespace Bifrost.Webhook.ApiServer;

/// <summary>The Kubernetes version admission uses, as Prometheus sees it.</summary>
internal sealed class ApiServerVersionMetrics(IMetricFactory factory)
{
    private readonly Gauge info = factory.CreateGauge(
        "bifrost_apiserver_version_info",
        "1 for the Kubernetes version admission decides pods with; source: discovered, setting, fallback (the API server could not be read) or newest (no cluster).",
        new GaugeConfiguration { LabelNames = ["version", "git_version", "source"] });

    private readonly Counter failures = factory.CreateCounter(
        "bifrost_apiserver_version_failures_total", "Failed reads of the API server's version; admission keeps the last one read, else the fallback.");

    public void Using(ApiServerVersion.Snapshot? previous, ApiServerVersion.Snapshot next)
    {
        // One series at a time: an upgraded server replaces its old version rather than adding a second one.
        if (previous is not null)
            info.RemoveLabelled(Labels(previous));
        info.WithLabels(Labels(next)).Set(1);
    }

    public void Failed() => failures.Inc();

    private static string[] Labels(ApiServerVersion.Snapshot snapshot) =>
    [
        snapshot.Version.ToString(),
        snapshot.Source == VersionSource.Discovered ? snapshot.Detail ?? "" : "",
        snapshot.Source.ToString().ToLowerInvariant(),
    ];
}
