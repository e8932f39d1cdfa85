using Prometheus;

namespace Bifrost.Webhook.Tls;

/// <summary>Certificate rotation as Prometheus sees it.</summary>
internal sealed class TlsMetrics
{
    private readonly Counter reloads;
    private readonly Gauge expiry;
    private readonly Counter rotations;
    private readonly Counter rotationFailures;
    private readonly Gauge trusted;
    private readonly Gauge replicas;

    public TlsMetrics(IMetricFactory factory)
    {
        reloads = factory.CreateCounter("bifrost_tls_certificate_reloads_total",
            "Serving certificate reloads after the files changed, by result (success, failure: the old certificate is kept).",
            new CounterConfiguration { LabelNames = ["result"] });
        expiry = factory.CreateGauge("bifrost_tls_certificate_expiry_timestamp_seconds",
            "Unix time at which the certificate being served expires.");

        rotations = factory.CreateCounter("bifrost_tls_rotations_total",
            "Self-managed certificates made by the leader, by kind (created: a new CA set; leaf: a new serving certificate; ca: one signed by the next CA).",
            new CounterConfiguration { LabelNames = ["kind"] });
        rotationFailures = factory.CreateCounter("bifrost_tls_rotation_failures_total",
            "Rounds of the self-managed certificate care that failed (API errors); the certificate being served is kept.");
        trusted = factory.CreateGauge("bifrost_tls_trusted_cas",
            "CAs in the self-managed bundle: 2 normally (the signing and the next), more while replicas move to a new serving certificate.");
        replicas = factory.CreateGauge("bifrost_tls_replicas",
            "Webhook replicas by what they served when last asked during a rotation (current, previous, unreachable).",
            new GaugeConfiguration { LabelNames = ["serving"] });

        // Both series exist from the start, so an alert on failures does not wait for the first one.
        reloads.WithLabels("success");
        reloads.WithLabels("failure");
    }

    public void Rotated(string kind) => rotations.WithLabels(kind).Inc();

    public void RotationFailed() => rotationFailures.Inc();

    public void Trusted(int count) => trusted.Set(count);

    public void Replicas(int current, int previous, int unreachable)
    {
        replicas.WithLabels("current").Set(current);
        replicas.WithLabels("previous").Set(previous);
        replicas.WithLabels("unreachable").Set(unreachable);
    }

    public void Reloaded(bool success) => reloads.WithLabels(success ? "success" : "failure").Inc();

    public void Serving(DateTimeOffset notAfter) => expiry.Set(notAfter.ToUnixTimeSeconds());
}
