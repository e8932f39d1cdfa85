using System.Net;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Hosting;

/// <summary>Health endpoints and the Prometheus exposition, read from the running server.</summary>
public sealed class ObservabilityTests
{
    [RequiresFact("openssl")]
    public async Task Health_WithCertificateAndNoCluster_IsAliveAndReady()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates);

        using var alive = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("tls: Healthy", text, StringComparison.Ordinal);
        Assert.Contains(certificates.Leaf.SerialNumber, text, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Metrics_DryRun_GetsTheSameAnswerButIsNotCountedAsAnInjection()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Namespaces:team:Labels:bifrost.io/protect=enabled"]);

        using var dry = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-same", "team", dryRun: true)));
        var dryPatch = Reviews.PatchOf(await Reviews.ResponseOf(dry));
        var afterDryRun = await server.MetricsAsync();
        using var real = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-same", "team")));
        var realPatch = Reviews.PatchOf(await Reviews.ResponseOf(real));
        var afterReal = await server.MetricsAsync();

        Assert.Equal(realPatch!.ToJsonString(), dryPatch!.ToJsonString());
        Assert.Equal(1, MetricsText.Value(afterDryRun, "bifrost_admission_requests_total{operation=\"CREATE\",outcome=\"injected\",dry_run=\"true\"}"));
        Assert.Null(MetricsText.Value(afterDryRun, "bifrost_injections_total{outcome=\"injected\"}"));
        Assert.Equal(1, MetricsText.Value(afterReal, "bifrost_injections_total{outcome=\"injected\"}"));
        Assert.Equal(2, MetricsText.Value(afterReal, "bifrost_admission_duration_seconds_count"));
    }

    [RequiresFact("openssl")]
    public async Task Metrics_SkipsAndRejections_AreCountedByReasonAndOutcome()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates);

        using (await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-skip", "plain"))))
        using (await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-optout", "plain", protect: "false"))))
        using (await Reviews.PostAsync(server.Client, Reviews.Json("{")))
        using (await Reviews.PostAsync(server.Client, new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1])))
        {
            var metrics = await server.MetricsAsync();
            Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_skips_total{reason=\"not-opted-in\"}"));
            Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_skips_total{reason=\"opted-out\"}"));
            Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_requests_total{operation=\"unknown\",outcome=\"invalid\",dry_run=\"false\"}"));
            Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_requests_total{operation=\"unknown\",outcome=\"too_large\",dry_run=\"false\"}"));
            Assert.NotNull(MetricsText.Value(metrics, "process_working_set_bytes"));
        }
    }

    [RequiresFact("openssl", "promtool")]
    public async Task Metrics_RealExposition_PassesPromtoolCheck()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Namespaces:team:Labels:bifrost.io/protect=enabled"]);
        using (await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-1", "team"))))
        using (await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-2", "plain"))))
        using (await Reviews.PostAsync(server.Client, Reviews.Json("not json")))
        {
        }

        var exposition = await server.MetricsAsync();
        var result = await Processes.RunAsync(Tools.Find("promtool")!, ["check", "metrics"], stdin: exposition);

        Assert.True(result.ExitCode == 0, $"promtool check metrics: {result.Stdout}{result.Stderr}");
        Assert.Contains("bifrost_admission_duration_seconds_bucket{le=\"0.0001\"}", exposition, StringComparison.Ordinal);
        Assert.Contains("bifrost_tls_certificate_expiry_timestamp_seconds", exposition, StringComparison.Ordinal);
    }
}
