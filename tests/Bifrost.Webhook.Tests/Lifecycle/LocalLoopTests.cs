using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>
/// The loop on one machine, on the real webhook over TLS: the first pod learns, a report makes the profile, the
/// controller finds it stable, the local node gate compiles the enforce profile with the real apparmor_parser, and the
/// same new pod then gets the enforce profile and no tracer.
/// </summary>
public sealed class LocalLoopTests : IDisposable
{
    private readonly string state = Directory.CreateTempSubdirectory("bifrost-loop-").FullName;

    public void Dispose() => Directory.Delete(state, recursive: true);

    [ToolFact("openssl", "apparmor_parser")]
    public async Task Loop_ReportThenStable_NewPodsGetTheEnforceProfileAndNoTracer()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates,
        [
            .. WebhookServer.StateSettings(state),
            "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
            "--Bifrost:Intake:FlushInterval=00:00:00.2",
            "--Bifrost:Learning:MinimumLearningPeriod=00:00:00",
            "--Bifrost:Learning:QuietPeriod=00:00:01",
            "--Bifrost:Learning:EvaluateInterval=00:00:00.3",
        ]);

        var before = await MutateAsync(server.Client, "uid-before");
        Assert.Equal("bifrost_bootstrap", ContainerProfile(before));
        Assert.Contains(before, op => (string?)op!["path"] == "/spec/initContainers");

        using (var report = new HttpRequestMessage(HttpMethod.Post, "/v1/observations")
        {
            Content = JsonContent.Create(new ObservationReport
            {
                Pod = new ReportPod { Namespace = "shop", Name = "web-7d4b9c-abcde", Uid = "pod-1" },
                Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
                Sequence = 1,
                Observations =
                [
                    new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read },
                    new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
                ],
            }, options: ObservationJson.Options),
        })
        {
            report.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(state, "token")).Trim());
            using var accepted = await server.Client.SendAsync(report);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var profile = await WaitForAsync(p => p.Status.Phase == ProfilePhase.Enforcing);
        Assert.NotNull(profile);
        var enforce = Assert.Single(profile.Status.Containers[0].Profiles, p => p.Mode == RenderedMode.Enforce);

        var after = await MutateAsync(server.Client, "uid-after");
        Assert.Equal(enforce.Name, ContainerProfile(after));
        Assert.DoesNotContain(after, op => ((string?)op!["path"])!.StartsWith("/spec/initContainers", StringComparison.Ordinal));
        var metrics = await server.MetricsAsync();
        Assert.Contains("bifrost_phase_transitions_total{from=\"Stable\",to=\"Enforcing\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("bifrost_profiles{phase=\"Enforcing\"} 1", metrics, StringComparison.Ordinal);
    }

    private static async Task<JsonArray> MutateAsync(HttpClient client, string uid)
    {
        using var response = await Reviews.PostAsync(client, Reviews.Json(Reviews.Pod(uid, "shop")));
        return Reviews.PatchOf(await Reviews.ResponseOf(response))!;
    }

    private static string? ContainerProfile(JsonArray patch) =>
        (string?)patch.Single(op => (string?)op!["path"] == "/spec/containers/0/securityContext")!["value"]!["appArmorProfile"]!["localhostProfile"];

    private Task<BifrostProfile?> WaitForAsync(Func<BifrostProfile, bool> done) =>
        ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", done);
}
