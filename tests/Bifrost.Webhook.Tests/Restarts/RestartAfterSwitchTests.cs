using System.Text.Json.Nodes;
using System.Text.Json;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Lifecycle;
using Bifrost.Webhook.Tests.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using k8s;

namespace Bifrost.Webhook.Tests.Restarts;

/// <summary>
/// The learning controller with the CRD store, Events and the restarter all talking to an API server on Kestrel:
/// a profile forced to enforce goes Stable in one round and Enforcing in the next, where the restart happens once.
/// </summary>
public sealed class RestartAfterSwitchTests : IAsyncLifetime
{
    private readonly CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
    private FakeApiServer api = null!;
    private IKubernetes client = null!;
    private LifecycleService service = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
        var metrics = Prometheus.Metrics.WithCustomRegistry(registry);
        var events = new KubernetesEventSink(client, TimeProvider.System);
        var restarts = new RestartOnEnforce(new KubernetesWorkloadRestarter(client, TimeProvider.System), events, metrics, NullLogger<RestartOnEnforce>.Instance);
        service = LifecycleParts.Service(new KubernetesProfileStore(client), new LocalLeadership(new LeadershipMetrics(metrics)), restarts, events, metrics, TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Switch_WorkloadOptedIn_RestartsOnceOnTheSwitchAndNotOnLaterRounds()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: true));
        PutProfile(Workloads.Profile("Deployment", "shop", "web"));

        var rounds = await RoundsAsync(2);
        // A report merged while enforcing changes the status, so the next round writes it: still no second restart.
        var stored = api.State.List(BifrostProfile.Plural, "", "")["items"]!.AsArray().Single()!.DeepClone().AsObject();
        stored["status"]!["containers"]![0]!["observed"]!.AsArray().Add(JsonSerializer.SerializeToNode<Observation>(
            new FileObservation { Container = "app", Path = "/etc/nginx/mime.types", Access = AccessMask.Read }, ProfileJson.Options));
        api.State.Put(BifrostProfile.Plural, stored);
        var merged = api.State.ResourceVersion;
        rounds.AddRange(await RoundsAsync(2));

        Assert.True(api.State.ResourceVersion > merged, "the status changed while enforcing was not written");
        Assert.Equal([(ProfilePhase.Stable, 0), (ProfilePhase.Enforcing, 1), (ProfilePhase.Enforcing, 1), (ProfilePhase.Enforcing, 1)], rounds);
        Assert.Equal("/apis/apps/v1/namespaces/shop/deployments/web", Assert.Single(api.State.Patches).Path);
        var restarted = Assert.Single(Events(), e => e["reason"]!.GetValue<string>() == "Restarted");
        Assert.Equal("Normal", restarted["type"]!.GetValue<string>());
        Assert.Equal(("Deployment", "web"), (restarted["involvedObject"]!["kind"]!.GetValue<string>(), restarted["involvedObject"]!["name"]!.GetValue<string>()));
        Assert.Equal(["Enforcing", "Restarted", "Stable"], Events().Select(e => e["reason"]!.GetValue<string>()).Order());
        // kubectl describe selects Events by uid: each names the object it is about, and the same happenings are on the profile.
        var deployment = api.State.Find("deployments", "shop/web")!["metadata"]!;
        Assert.All(Events(), e => Assert.Equal(deployment["uid"]!.GetValue<string>(), e["involvedObject"]!["uid"]!.GetValue<string>()));
        Assert.All(Events(), e => Assert.NotNull(e["involvedObject"]!["resourceVersion"]));
        var profile = api.State.List(BifrostProfile.Plural, "", "")["items"]!.AsArray().Single()!["metadata"]!;
        Assert.Equal(["Enforcing", "Restarted", "Stable"], ProfileEvents().Select(e => e["reason"]!.GetValue<string>()).Order());
        Assert.All(ProfileEvents(), e => Assert.Equal(
            ("bifrost.io/v1alpha1", profile["name"]!.GetValue<string>(), profile["uid"]!.GetValue<string>()),
            (e["involvedObject"]!["apiVersion"]!.GetValue<string>(), e["involvedObject"]!["name"]!.GetValue<string>(), e["involvedObject"]!["uid"]!.GetValue<string>())));
        Assert.Equal(1, await MetricAsync("bifrost_workload_restarts_total{result=\"restarted\"}"));
    }

    [Fact]
    public async Task Switch_WithoutOptIn_RestartsNothing()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));
        PutProfile(Workloads.Profile("Deployment", "shop", "web"));

        var rounds = await RoundsAsync(3);

        Assert.Equal(ProfilePhase.Enforcing, rounds[^1].Phase);
        Assert.Empty(api.State.Patches);
        Assert.DoesNotContain(Events(), e => e["reason"]!.GetValue<string>().StartsWith("Restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_RestartFails_OneWarningEventAndTheProfileStillEnforces()
    {
        PutProfile(Workloads.Profile("StatefulSet", "shop", "db", specOptIn: true));

        var rounds = await RoundsAsync(4);

        Assert.Equal(ProfilePhase.Enforcing, rounds[^1].Phase);
        var failed = Assert.Single(Events(), e => e["reason"]!.GetValue<string>() == "RestartFailed");
        Assert.Equal("Warning", failed["type"]!.GetValue<string>());
        Assert.Contains("StatefulSet shop/db was not found", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await MetricAsync("bifrost_workload_restarts_total{result=\"failed\"}"));
    }

    [Fact]
    public async Task Switch_JobOptedIn_IsNotRestartedAndTheEventSaysSo()
    {
        PutProfile(Workloads.Profile("Job", "shop", "migrate", specOptIn: true));

        await RoundsAsync(3);

        var skipped = Assert.Single(Events(), e => e["reason"]!.GetValue<string>() == "RestartSkipped");
        Assert.Contains("a Job has no rolling restart", skipped["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(api.State.Patches);
    }

    /// <summary>Runs controller rounds; after each, the stored phase and how many patches the server has seen.</summary>
    private async Task<List<(ProfilePhase Phase, int Patches)>> RoundsAsync(int count)
    {
        var rounds = new List<(ProfilePhase, int)>();
        for (var i = 0; i < count; i++)
        {
            await service.EvaluateAllAsync(CancellationToken.None);
            var stored = api.State.List(BifrostProfile.Plural, "", "")["items"]!.AsArray().Single()!;
            rounds.Add((Enum.Parse<ProfilePhase>(stored["status"]!["phase"]!.GetValue<string>()), api.State.Patches.Count));
        }

        return rounds;
    }

    /// <summary>A profile forced to enforce, with what one container was seen doing.</summary>
    private void PutProfile(BifrostProfile profile) => api.State.Put(BifrostProfile.Plural, SampleProfiles.Json(profile with
    {
        Spec = profile.Spec with { Mode = ProfileModeSetting.Enforce },
        Status = new BifrostProfileStatus
        {
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 2,
                    Pods = 1,
                    LastNewRuleAt = DateTimeOffset.UtcNow,
                    Observed =
                    [
                        new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read },
                        new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
                    ],
                },
            ],
        },
    }));

    /// <summary>The Events on the workload; each also goes to its BifrostProfile (<see cref="ProfileEvents"/>).</summary>
    private List<JsonObject> Events() => [.. AllEvents().Where(e => e["involvedObject"]!["kind"]!.GetValue<string>() != BifrostProfile.KindName)];

    private List<JsonObject> ProfileEvents() => [.. AllEvents().Where(e => e["involvedObject"]!["kind"]!.GetValue<string>() == BifrostProfile.KindName)];

    private List<JsonObject> AllEvents() => [.. api.State.List("events", "", "")["items"]!.AsArray().Select(e => e!.AsObject())];

    private async Task<double?> MetricAsync(string series)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return MetricsText.Value(System.Text.Encoding.UTF8.GetString(text.ToArray()), series);
    }
}
