using Prometheus;

namespace Bifrost.Webhook.Tls;

/// <summary>Certificate rotation as Prometheus sees it.</summary>
internal sealed class TlsMetrics
{
    private readonly Counter reloads;
    private readonly Gauge expiry;

    public TlsMetrics(IMetricFactory factory)
    {
        reloads = factory.CreateCounter("bifrost_tls_certificate_reloads_total",
            "Serving certificate reloads after the files changed, by result (success, failure: the old certificate is kept).",
            new CounterConfiguration { LabelNames = ["result"] });
        expiry = factory.CreateGauge("bifrost_tls_certificate_expiry_timestamp_seconds",
            "Unix time at which the certificate being served expires.");

        // Both series exist from the start, so an alert on failures does not wait for the first one.
        reloads.WithLabels("success");
        reloads.WithLabels("failure");
    }

    public void Reloaded(bool success) => reloads.WithLabels(success ? "success" : "failure").Inc();

    public void Serving(DateTimeOffset notAfter) => expiry.Set(notAfter.ToUnixTimeSeconds());
}
