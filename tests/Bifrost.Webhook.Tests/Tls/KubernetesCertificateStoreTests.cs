using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tls;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Tls;

/// <summary>Self-managed certificates through the real Kubernetes client: the Secret, the webhook configuration's caBundle and the replicas' pods.</summary>
public sealed class KubernetesCertificateStoreTests : IAsyncLifetime
{
    private const string Ns = "bifrost-system";
    private static readonly string[] Names = ["bifrost-webhook.bifrost-system.svc"];
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
    private readonly SelfManagedOptions options = new() { Enabled = true };
    private FakeApiServer api = null!;
    private IKubernetes client = null!;
    private KubernetesCertificateStore store = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
        store = new KubernetesCertificateStore(client, Ns, options);
        api.State.Put("mutatingwebhookconfigurations", WebhookConfiguration());
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task FirstRound_CreatesTheTlsSecret_AndPutsItsCasIntoEveryWebhooksCaBundle()
    {
        var rotator = Rotator(new FixedLeadership(true));

        Assert.Equal(RotationStep.Created, await rotator.RotateOnceAsync(CancellationToken.None));

        var secret = api.State.Find("secrets", $"{Ns}/bifrost-webhook-tls")!;
        Assert.Equal("kubernetes.io/tls", secret["type"]!.GetValue<string>());
        Assert.Equal("bifrost-webhook", secret["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        var data = secret["data"]!.AsObject();
        Assert.Equal(CertificateSet.Keys.Order(), data.Select(p => p.Key).Order());
        var bundle = Decode(data["ca.crt"]!);
        var webhooks = api.State.Find("mutatingwebhookconfigurations", "bifrost")!["webhooks"]!.AsArray();
        Assert.Equal(2, webhooks.Count);
        Assert.All(webhooks, w => Assert.Equal(bundle, Decode(w!["clientConfig"]!["caBundle"]!)));
        Assert.Equal(2, CertificateSet.ParseBundle(bundle).Count);
        // The webhook's other fields are untouched.
        Assert.All(webhooks, w => Assert.Equal("bifrost-webhook", w!["clientConfig"]!["service"]!["name"]!.GetValue<string>()));

        Assert.Equal(RotationStep.None, await rotator.RotateOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(21));
        Assert.Equal(RotationStep.RotatedLeaf, await rotator.RotateOnceAsync(CancellationToken.None));
        Assert.NotEqual(Decode(data["tls.crt"]!), Decode(api.State.Find("secrets", $"{Ns}/bifrost-webhook-tls")!["data"]!["tls.crt"]!));
    }

    [Fact]
    public async Task SecretIssuedByCertManager_IsLeftAlone()
    {
        api.State.Put("secrets", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = "bifrost-webhook-tls",
                ["namespace"] = Ns,
                ["annotations"] = new JsonObject { ["cert-manager.io/certificate-name"] = "bifrost-webhook" },
            },
            ["type"] = "kubernetes.io/tls",
            ["data"] = new JsonObject { ["tls.crt"] = Convert.ToBase64String("x"u8.ToArray()) },
        });
        var before = api.State.ResourceVersion;

        Assert.Equal(RotationStep.NotOurs, await Rotator(new FixedLeadership(true)).RotateOnceAsync(CancellationToken.None));
        Assert.Equal(before, api.State.ResourceVersion);
    }

    [Fact]
    public async Task WriteFromAStaleVersion_IsAConflict_NotAnOverwrite()
    {
        await Rotator(new FixedLeadership(true)).RotateOnceAsync(CancellationToken.None);
        var read = await store.ReadAsync(CancellationToken.None);
        // Another replica, briefly leading as well, wrote meanwhile.
        await store.WriteAsync(read.Set! with { CaBundle = read.Set!.CaBundle + "\n" }, read.Version, CancellationToken.None);

        await Assert.ThrowsAsync<CertificateStoreConflictException>(() => store.WriteAsync(read.Set!, read.Version, CancellationToken.None));
    }

    [Fact]
    public async Task MissingWebhookConfiguration_SaysWhatToApply()
    {
        api.State.Delete("mutatingwebhookconfigurations", "bifrost");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.PublishAsync("", CancellationToken.None));
        Assert.Contains("MutatingWebhookConfiguration bifrost does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replicas_AreTheRunningPodsOfTheWebhook_AskedOnTheirPodIp()
    {
        using var served = X509CertificateLoader.LoadPkcs12(
            ServingCertificate.NewProvisional(clock.Now).Certificate.Export(X509ContentType.Pkcs12), password: null);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, served, stop.Token);
        api.State.Put("pods", Pod("webhook-a", "Running", "127.0.0.1"));
        api.State.Put("pods", Pod("webhook-b", "Running", null));
        api.State.Put("pods", Pod("webhook-c", "Pending", null));
        api.State.Put("pods", Pod("other", "Running", "127.0.0.1", app: "something-else"));
        var replicas = new KubernetesReplicaCertificates(client, Ns, options with { ReplicaPort = ((IPEndPoint)listener.LocalEndpoint).Port });

        var found = await replicas.ServedAsync(Names[0], CancellationToken.None);

        await stop.CancelAsync();
        Assert.Equal(["webhook-a", "webhook-b"], found.Select(r => r.Replica).Order());
        Assert.Equal(CertificateSet.Fingerprint(served), Assert.Single(found, r => r.Replica == "webhook-a").Fingerprint);
        Assert.Equal("no pod IP yet", Assert.Single(found, r => r.Replica == "webhook-b").Error);
        listener.Stop();
        await serving;
    }

    private CertificateRotator Rotator(FixedLeadership leadership) => new(store, new KubernetesReplicaCertificates(client, Ns, options), leadership, new CertificateHolder(),
        new TlsMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), options, Names, clock, NullLogger<CertificateRotator>.Instance);

    private static string Decode(JsonNode node) => Encoding.UTF8.GetString(Convert.FromBase64String(node.GetValue<string>()));

    private static async Task ServeAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var tcp = await listener.AcceptTcpClientAsync(cancellationToken);
                await using var tls = new SslStream(tcp.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static JsonObject Pod(string name, string phase, string? ip, string app = "bifrost-webhook")
    {
        var status = new JsonObject { ["phase"] = phase };
        if (ip is not null)
            status["podIP"] = ip;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = app } },
            ["status"] = status,
        };
    }

    private static JsonObject WebhookConfiguration() => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "MutatingWebhookConfiguration",
        ["metadata"] = new JsonObject { ["name"] = "bifrost" },
        ["webhooks"] = new JsonArray(Webhook("namespace.pods.bifrost.io"), Webhook("annotation.pods.bifrost.io")),
    };

    private static JsonObject Webhook(string name) => new()
    {
        ["name"] = name,
        ["admissionReviewVersions"] = new JsonArray("v1"),
        ["sideEffects"] = "None",
        ["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "bifrost-webhook", ["namespace"] = Ns, ["path"] = "/mutate", ["port"] = 443 } },
    };
}
