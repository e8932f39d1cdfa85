using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>
/// The loop on one machine, on the real webhook over TLS: the first pod learns, a report makes the profile, the
/// controller finds it stable, the local node gate compiles the enforce profile with the real apparmor_parser, and the
/// same new pod then gets the enforce profile and no tracer. Then the ways back: denials under enforce, and a new image.
/// </summary>
public sealed class LocalLoopTests : IDisposable
{
    private static readonly Observation[] Learned =
    [
        new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read },
        new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
    ];

    private readonly string state = Directory.CreateTempSubdirectory("bifrost-loop-").FullName;

    public void Dispose() => Directory.Delete(state, recursive: true);

    [RequiresFact("openssl", "apparmor_parser")]
    public async Task Loop_ReportThenStable_NewPodsGetTheEnforceProfileAndNoTracer()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await StartAsync(certificates);

        var before = await MutateAsync(server.Client, "uid-before");
        Assert.Equal("bifrost_bootstrap", ContainerProfile(before));
        Assert.True(HasTracer(before));

        var enforce = await EnforceAsync(server);

        var after = await MutateAsync(server.Client, "uid-after");
        Assert.Equal(enforce.Name, ContainerProfile(after));
        Assert.False(HasTracer(after));
        var metrics = await server.MetricsAsync();
        Assert.Contains("bifrost_phase_transitions_total{from=\"Stable\",to=\"Enforcing\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("bifrost_profiles{phase=\"Enforcing\"} 1", metrics, StringComparison.Ordinal);
    }

    [RequiresFact("openssl", "apparmor_parser")]
    public async Task Loop_DenialsUnderEnforce_RollBackAndEnforceAgainWithTheDeniedAccess()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await StartAsync(certificates);
        var first = await EnforceAsync(server);

        // What a node agent sends for an enforce profile's DENIED records: its own pod, the workload's namespace.
        await ReportAsync(server, new ObservationReport
        {
            Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-1", Node = "node-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "shop" },
            Source = ReportSource.Denied,
            Sequence = 1,
            Observations = [new FileObservation { Container = "app", Path = "/var/cache/nginx/client_temp", Access = AccessMask.Write | AccessMask.Create }],
        });

        var rolledBack = await WaitForAsync(p => p.Status.Phase == ProfilePhase.RolledBack);
        Assert.NotNull(rolledBack);
        Assert.Contains("/var/cache/nginx/client_temp", rolledBack.Status.Message, StringComparison.Ordinal);
        var again = await WaitForAsync(p => p.Status.Phase == ProfilePhase.Enforcing);
        Assert.NotNull(again);
        var second = again.Status.Containers[0].Profiles.Last(p => p.Mode == ProfileMode.Enforce);
        Assert.NotEqual(first.Name, second.Name);
        Assert.Contains("/var/cache/nginx/client_temp", second.Text, StringComparison.Ordinal);
        Assert.Contains("bifrost_phase_transitions_total{from=\"Enforcing\",to=\"RolledBack\"} 1", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl", "apparmor_parser")]
    public async Task Loop_PodWithANewImage_LearnsWhileTheWorkloadEnforcesAndItsReportStartsRelearning()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await StartAsync(certificates);
        var enforce = await EnforceAsync(server);

        var sameImage = await MutateAsync(server.Client, "uid-same", "nginx:1.27");
        var newImage = await MutateAsync(server.Client, "uid-new", "nginx:1.29");
        Assert.Equal(enforce.Name, ContainerProfile(sameImage));
        Assert.NotEqual(enforce.Name, ContainerProfile(newImage));
        Assert.True(HasTracer(newImage));

        // The new version also reads a file the old one did not, so learning visibly goes on.
        await ReportAsync(server, TracerReport("pod-2", [.. Learned, new FileObservation { Container = "app", Path = "/etc/nginx/conf.d/v2.conf", Access = AccessMask.Read }], "nginx:1.29"));

        var relearning = await WaitForAsync(p => p.Status.Phase == ProfilePhase.Relearning);
        Assert.NotNull(relearning);
        Assert.Contains("nginx:1.27 -> nginx:1.29", relearning.Status.Message, StringComparison.Ordinal);
        Assert.Equal(["nginx:1.27", "nginx:1.29"], relearning.Status.Containers[0].Images);
        Assert.Equal(Learned.Length + 1, relearning.Status.Containers[0].Observed.Count);
    }

    private async Task<WebhookServer> StartAsync(TestCertificates certificates) =>
        await WebhookServer.StartAsync(certificates,
        [
            .. WebhookServer.StateSettings(state),
            "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
            "--Bifrost:Intake:FlushInterval=00:00:00.2",
            "--Bifrost:Learning:MinimumLearningPeriod=00:00:00",
            "--Bifrost:Learning:QuietPeriod=00:00:01",
            "--Bifrost:Learning:EvaluateInterval=00:00:00.3",
        ]);

    /// <summary>A tracer's report of the learned accesses, then waits for Enforcing; returns the enforce profile.</summary>
    private async Task<RenderedProfile> EnforceAsync(WebhookServer server)
    {
        await ReportAsync(server, TracerReport("pod-1", Learned, "nginx:1.27"));
        var profile = await WaitForAsync(p => p.Status.Phase == ProfilePhase.Enforcing);
        Assert.NotNull(profile);
        return Assert.Single(profile.Status.Containers[0].Profiles, p => p.Mode == ProfileMode.Enforce);
    }

    private static ObservationReport TracerReport(string podUid, IReadOnlyList<Observation> observations, string image) => new()
    {
        Pod = new ReportPod { Namespace = "shop", Name = $"web-7d4b9c-{podUid}", Uid = podUid },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        Sequence = 1,
        Images = new Dictionary<string, string> { ["app"] = image },
        Observations = observations,
    };

    private async Task ReportAsync(WebhookServer server, ObservationReport body)
    {
        using var report = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(body, options: ObservationJson.Options) };
        report.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(state, "token")).Trim());
        using var accepted = await server.Client.SendAsync(report);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static async Task<JsonArray> MutateAsync(HttpClient client, string uid, string image = "nginx:1.27")
    {
        using var response = await Reviews.PostAsync(client, Reviews.Json(Reviews.Pod(uid, "shop", image: image)));
        return Reviews.PatchOf(await Reviews.ResponseOf(response))!;
    }

    private static bool HasTracer(JsonArray patch) =>
        patch.Any(op => ((string?)op!["path"])!.StartsWith("/spec/initContainers", StringComparison.Ordinal));

    private static string? ContainerProfile(JsonArray patch) =>
        (string?)patch.Single(op => (string?)op!["path"] == "/spec/containers/0/securityContext")!["value"]!["appArmorProfile"]!["localhostProfile"];

    private Task<BifrostProfile?> WaitForAsync(Func<BifrostProfile, bool> done) =>
        ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", done);
}
