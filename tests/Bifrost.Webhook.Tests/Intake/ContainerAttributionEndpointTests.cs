using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>
/// Tracers name containers by runtime id; the intake names them from the pod (here the local pods directory, read the
/// same way as the API server's answer) before anything is stored.
/// </summary>
public sealed class ContainerAttributionEndpointTests : IDisposable
{
    private const string App = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    private const string Proxy = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
    private readonly string state = Directory.CreateTempSubdirectory("bifrost-attribution-").FullName;

    public ContainerAttributionEndpointTests() => Directory.CreateDirectory(Pods);

    public void Dispose() => Directory.Delete(state, recursive: true);

    private string Pods => Path.Combine(state, "pods");

    private string[] Settings() =>
    [
        .. WebhookServer.StateSettings(state),
        "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
        "--Bifrost:Intake:FlushInterval=00:00:00.2",
        $"--Bifrost:Pods:Directory={Pods}",
    ];

    private string Token => File.ReadAllText(Path.Combine(state, "token")).Trim();

    private async Task WritePodAsync(bool proxyStarted)
    {
        var proxy = proxyStarted ? $$""", "containerID": "containerd://{{Proxy}}" """ : "";
        await File.WriteAllTextAsync(Path.Combine(Pods, "shop_web-1.json"), $$$"""
            {"metadata": {"name": "web-1", "namespace": "shop", "uid": "uid-1"},
             "spec": {"containers": [{"name": "app"}, {"name": "proxy"}]},
             "status": {"containerStatuses": [
               {"name": "app", "containerID": "containerd://{{{App}}}"},
               {"name": "proxy"{{{proxy}}} }]}}
            """);
    }

    private static ObservationReport Report(long sequence, TracerState? tracer = null) => new()
    {
        Pod = new ReportPod { Namespace = "shop", Name = "web-1", Uid = "uid-1", Node = "node-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        Sequence = sequence,
        Tracer = tracer,
        Containers = tracer?.State == TracerState.Unavailable ? null : [new ReportContainer { Id = App }, new ReportContainer { Id = Proxy, StartMissed = true }],
        Observations = tracer?.State == TracerState.Unavailable ? [] :
        [
            new FileObservation { Container = App, Path = "/srv/app.conf", Access = AccessMask.Read },
            new FileObservation { Container = Proxy, Path = "/etc/envoy.yaml", Access = AccessMask.Read },
        ],
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, ObservationReport report, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(report, options: ObservationJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private Task<BifrostProfile?> WaitForProfileAsync(Func<BifrostProfile, bool> done) =>
        ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", done);

    [RequiresFact("openssl")]
    public async Task Post_ContainersById_AreLearnedUnderTheirNamesEachApart()
    {
        await WritePodAsync(proxyStarted: true);
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var response = await PostAsync(server.Client, Report(1, new TracerState { State = TracerState.Attached }), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var profile = await WaitForProfileAsync(p => p.Status.Containers.Count == 2);
        Assert.NotNull(profile);
        var byName = profile.Status.Containers.ToDictionary(c => c.Name);
        Assert.Equal("/srv/app.conf", Assert.IsType<FileObservation>(Assert.Single(byName["app"].Observed)).Path);
        Assert.Equal("/etc/envoy.yaml", Assert.IsType<FileObservation>(Assert.Single(byName["proxy"].Observed)).Path);
        Assert.Equal((false, true), (byName["app"].StartMissed, byName["proxy"].StartMissed));
        Assert.Empty(profile.Status.Conditions);
    }

    [RequiresFact("openssl")]
    public async Task Post_ContainerNotYetInThePodsStatus_Is503UntilItIs()
    {
        await WritePodAsync(proxyStarted: false);
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var early = await PostAsync(server.Client, Report(1), Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Contains("container-unknown", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(early.Headers.RetryAfter);

        await WritePodAsync(proxyStarted: true);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var later = await PostAsync(server.Client, Report(1), Token);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.NotNull(await WaitForProfileAsync(p => p.Status.Containers.Count == 2));
        Assert.Contains("bifrost_intake_reports_total{result=\"rejected\",reason=\"container-unknown\"} 1", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Post_TracerUnavailable_CreatesTheProfileWithTheCondition()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var response = await PostAsync(server.Client, Report(1, new TracerState { State = TracerState.Unavailable, Reason = "cgroup v1 host" }), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var profile = await WaitForProfileAsync(p => p.Status.Conditions.Count > 0);
        Assert.NotNull(profile);
        var condition = Assert.Single(profile.Status.Conditions);
        Assert.Equal((ProfileCondition.TracerUnavailable, "True"), (condition.Type, condition.Status));
        Assert.Contains("cgroup v1 host", condition.Message, StringComparison.Ordinal);
        Assert.Contains("node node-1", condition.Message, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Post_ContainerEntryWithoutIdOrName_Is400()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var response = await PostAsync(server.Client, Report(1) with { Containers = [new ReportContainer { StartMissed = true }] }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs an id or a name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
