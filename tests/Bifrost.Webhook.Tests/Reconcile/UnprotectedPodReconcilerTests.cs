using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Reconcile;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Bifrost.Webhook.Tests.Reconcile;

/// <summary>
/// The search for unprotected pods through the real Kubernetes client against an API server on Kestrel: pods listed
/// a page at a time, Events created, pod templates patched.
/// </summary>
public sealed class UnprotectedPodReconcilerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly ManualClock clock = new(Start);
    private readonly FixedLeadership leadership = new(leading: true);
    private FakeApiServer api = null!;
    private IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        api.State.PageSize = 2;
        client = api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Reconcile_PodsAdmissionLeavesAloneOnPurpose_AreNotCounted()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a", admitted: true));
        api.State.Put("pods", RunningPods.OfDeployment("plain", "web", "b"));
        api.State.Put("pods", RunningPods.OfDeployment("kube-system", "coredns", "c"));
        api.State.Put("pods", RunningPods.OfDeployment("bifrost-system", "bifrost-webhook", "d"));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "legacy", "e").With(p => p["metadata"]!["annotations"]!["bifrost.io/protect"] = "false"));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "win", "f").With(p => p["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = "windows" }));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "own", "g").With(p =>
            p["spec"]!["containers"]![0]!["securityContext"] = new JsonObject { ["appArmorProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } }));
        var reconciler = Reconciler();

        Assert.True(await reconciler.ReconcileAsync(CancellationToken.None));

        Assert.Empty(Events());
        var text = await MetricsAsync();
        Assert.DoesNotContain("bifrost_pods_unprotected{", text, StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(text, "bifrost_reconcile_rounds_total{result=\"success\"}"));
    }

    [Fact]
    public async Task Reconcile_PodsThatSlippedThrough_AreCountedAndReportedOnThemselvesAndTheirWorkload()
    {
        var slipped = RunningPods.OfDeployment("shop", "web", "a");
        api.State.Put("pods", slipped);
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "b"));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "edge", "c").With(p => p["spec"]!["hostNetwork"] = true));
        api.State.Put("pods", RunningPods.Bare("team", "debug").With(p => p["metadata"]!["annotations"]!["bifrost.io/protect"] = "true"));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "copied", "d").With(p => p["metadata"]!["annotations"]!["bifrost.io/status"] = """{"phase":"Learning"}"""));
        var reconciler = Reconciler();

        await reconciler.ReconcileAsync(CancellationToken.None);

        var text = await MetricsAsync();
        Assert.Equal(3, MetricsText.Value(text, "bifrost_pods_unprotected{namespace=\"shop\",reason=\"not-admitted\"}"));
        Assert.Equal(1, MetricsText.Value(text, "bifrost_pods_unprotected{namespace=\"shop\",reason=\"profile-missing\"}"));
        Assert.Equal(1, MetricsText.Value(text, "bifrost_pods_unprotected{namespace=\"team\",reason=\"not-admitted\"}"));
        Assert.Equal(4, MetricsText.Value(text, "bifrost_pods_unprotected_found_total{reason=\"not-admitted\"}"));

        var events = Events();
        Assert.All(events, e => Assert.Equal(("Unprotected", "Warning", "bifrost"), (e["reason"]!.GetValue<string>(), e["type"]!.GetValue<string>(), e["source"]!["component"]!.GetValue<string>())));
        var onPod = Assert.Single(events, e => e["involvedObject"]!["name"]!.GetValue<string>() == "web-5d8f7c9b4-a");
        Assert.Equal("Pod", onPod["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Equal(slipped["metadata"]!["uid"]!.GetValue<string>(), onPod["involvedObject"]!["uid"]!.GetValue<string>());
        Assert.Contains("no bifrost.io/status annotation", onPod["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("kubectl rollout restart deployment/web -n shop", onPod["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var onWorkload = Assert.Single(events, e => e["involvedObject"]!["kind"]!.GetValue<string>() == "Deployment" && e["involvedObject"]!["name"]!.GetValue<string>() == "web");
        Assert.Equal("apps/v1", onWorkload["involvedObject"]!["apiVersion"]!.GetValue<string>());
        Assert.StartsWith("2 pod(s) of Deployment shop/web run without Bifrost's AppArmor profiles (not-admitted): web-5d8f7c9b4-", onWorkload["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Five pods, three Deployments; the bare pod has no workload besides itself.
        Assert.Equal(8, events.Count);
        Assert.Empty(api.State.Patches);
    }

    [Fact]
    public async Task Reconcile_SecondRound_ReportsEachPodOnceAndKeepsCountingWhatStillRuns()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a"));
        var reconciler = Reconciler();
        await reconciler.ReconcileAsync(CancellationToken.None);
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "b"));

        await reconciler.ReconcileAsync(CancellationToken.None);

        var events = Events();
        Assert.Equal(4, events.Count);
        Assert.Single(events, e => e["involvedObject"]!["name"]!.GetValue<string>() == "web-5d8f7c9b4-a");
        Assert.Single(events, e => e["involvedObject"]!["name"]!.GetValue<string>() == "web-5d8f7c9b4-b");
        var text = await MetricsAsync();
        Assert.Equal(2, MetricsText.Value(text, "bifrost_pods_unprotected{namespace=\"shop\",reason=\"not-admitted\"}"));
        Assert.Equal(2, MetricsText.Value(text, "bifrost_pods_unprotected_found_total{reason=\"not-admitted\"}"));
    }

    [Fact]
    public async Task Reconcile_PodsGoneOrAdmittedAgain_LeaveTheGauge()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a"));
        var reconciler = Reconciler();
        await reconciler.ReconcileAsync(CancellationToken.None);
        api.State.Delete("pods", "shop/web-5d8f7c9b4-a");
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "b", admitted: true));

        await reconciler.ReconcileAsync(CancellationToken.None);

        var text = await MetricsAsync();
        Assert.DoesNotContain("bifrost_pods_unprotected{", text, StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(text, "bifrost_pods_unprotected_found_total{reason=\"not-admitted\"}"));
    }

    [Fact]
    public async Task Reconcile_RestartNotAllowed_PatchesNothing()
    {
        api.State.Put("deployments", Restarts.Workloads.Object("Deployment", "shop", "web", optedIn: true));
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a"));

        await Reconciler().ReconcileAsync(CancellationToken.None);

        Assert.Empty(api.State.Patches);
    }

    [Fact]
    public async Task Reconcile_RestartAllowed_RestartsAtMostTheLimitPerRoundAndEachWorkloadOncePerCooldown()
    {
        foreach (var (kind, name) in new[] { ("Deployment", "a"), ("StatefulSet", "b"), ("DaemonSet", "c") })
        {
            api.State.Put(Restarts.Workloads.Plural(kind), Restarts.Workloads.Object(kind, "shop", name, optedIn: false));
            api.State.Put("pods", kind == "Deployment"
                ? RunningPods.OfDeployment("shop", name, "x")
                : RunningPods.Owned("shop", $"{name}-0", kind, name));
        }

        api.State.Put("pods", RunningPods.OfDeployment("shop", "a", "y"));
        var reconciler = Reconciler(new ReconcileOptions { RestartUnprotected = true, MaxRestartsPerInterval = 2, RestartCooldown = TimeSpan.FromHours(1) });

        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(["/apis/apps/v1/namespaces/shop/daemonsets/c", "/apis/apps/v1/namespaces/shop/deployments/a"], Patched());

        clock.Advance(TimeSpan.FromMinutes(5));
        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(["/apis/apps/v1/namespaces/shop/daemonsets/c", "/apis/apps/v1/namespaces/shop/deployments/a", "/apis/apps/v1/namespaces/shop/statefulsets/b"], Patched());

        clock.Advance(TimeSpan.FromMinutes(30));
        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(3, Patched().Count);

        clock.Advance(TimeSpan.FromMinutes(30));
        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(5, Patched().Count);

        var template = api.State.Find("deployments", "shop/a")!["spec"]!["template"]!["metadata"]!["annotations"]!;
        Assert.Equal("2026-12-07T10:05:00Z", template["bifrost.io/restartedAt"]!.GetValue<string>());
        var restarted = Events().Where(e => e["reason"]!.GetValue<string>() == "Restarted").ToList();
        Assert.Equal(5, restarted.Count);
        Assert.All(restarted, e => Assert.Equal("Normal", e["type"]!.GetValue<string>()));
        Assert.Equal(5, MetricsText.Value(await MetricsAsync(), "bifrost_unprotected_restarts_total{result=\"restarted\"}"));
    }

    [Fact]
    public async Task Reconcile_RestartAllowed_NeverRestartsBarePodsJobsOrReplicaSets()
    {
        api.State.Put("pods", RunningPods.Bare("shop", "debug"));
        api.State.Put("pods", RunningPods.Owned("shop", "migrate-x", "Job", "migrate"));
        api.State.Put("pods", RunningPods.Owned("shop", "rs-y", "ReplicaSet", "rs"));
        var reconciler = Reconciler(new ReconcileOptions { RestartUnprotected = true });

        await reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Empty(api.State.Patches);
        Assert.Equal(5, Events().Count);
        Assert.Contains(Events(), e => e["involvedObject"]!["name"]!.GetValue<string>() == "debug"
            && e["message"]!.GetValue<string>().Contains("delete and create the pod again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_RestartOfAMissingWorkload_FailsWithAWarningAndWaitsForTheCooldown()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "gone", "a"));
        var reconciler = Reconciler(new ReconcileOptions { RestartUnprotected = true });

        await reconciler.ReconcileAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Single(api.State.Patches);
        var failed = Assert.Single(Events(), e => e["reason"]!.GetValue<string>() == "RestartFailed");
        Assert.Equal("Warning", failed["type"]!.GetValue<string>());
        Assert.Contains("Deployment shop/gone was not found", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(await MetricsAsync(), "bifrost_unprotected_restarts_total{result=\"failed\"}"));
    }

    [Fact]
    public async Task Reconcile_NotLeader_ListsNothingAndTakesItsNumbersBack()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a"));
        var reconciler = Reconciler();
        await reconciler.ReconcileAsync(CancellationToken.None);
        leadership.IsLeader = false;
        var lists = api.State.ListCalls("pods");

        await reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal(lists, api.State.ListCalls("pods"));
        Assert.DoesNotContain("bifrost_pods_unprotected{", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_CachesNotSynced_WaitsWithoutListing()
    {
        api.State.Put("pods", RunningPods.OfDeployment("shop", "web", "a"));
        var synced = false;
        var reconciler = Reconciler(synced: () => synced);

        Assert.False(await reconciler.ReconcileAsync(CancellationToken.None));
        Assert.Equal(0, api.State.ListCalls("pods"));
        synced = true;
        Assert.True(await reconciler.ReconcileAsync(CancellationToken.None));
        Assert.Equal(2, Events().Count);
    }

    [Fact]
    public async Task Reconcile_ApiServerFailing_CountsAFailedRoundAndKeepsServing()
    {
        var reconciler = new UnprotectedPodReconciler(
            new KubernetesRunningPods(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" })), new PodMutator(new AdmissionOptions()),
            Namespaces.Instance, LearningCatalog.Instance, FixedServerVersion.Newest, new KubernetesObjectEvents(client, clock), new KubernetesWorkloadRestarter(client, clock),
            leadership, Options.Create(new ReconcileOptions()), new ReconcileMetrics(Prometheus.Metrics.WithCustomRegistry(registry)), clock,
            NullLogger<UnprotectedPodReconciler>.Instance);

        Assert.True(await reconciler.ReconcileAsync(CancellationToken.None));

        Assert.Equal(1, MetricsText.Value(await MetricsAsync(), "bifrost_reconcile_rounds_total{result=\"failure\"}"));
    }

    private UnprotectedPodReconciler Reconciler(ReconcileOptions? options = null, Func<bool>? synced = null) => new(
        new KubernetesRunningPods(client), new PodMutator(new AdmissionOptions()), Namespaces.Instance, LearningCatalog.Instance, FixedServerVersion.Newest,
        new KubernetesObjectEvents(client, clock), new KubernetesWorkloadRestarter(client, clock), leadership, Options.Create(options ?? new ReconcileOptions()),
        new ReconcileMetrics(Prometheus.Metrics.WithCustomRegistry(registry)), clock, NullLogger<UnprotectedPodReconciler>.Instance, synced);

    /// <summary>Every Event created, read page by page as the pods are.</summary>
    private List<JsonObject> Events()
    {
        var events = new List<JsonObject>();
        var next = "";
        do
        {
            var page = api.State.List("events", "", next);
            events.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
            next = page["metadata"]!["continue"]?.GetValue<string>() ?? "";
        }
        while (next.Length > 0);
        return events;
    }

    private List<string> Patched() => [.. api.State.Patches.Select(p => p.Path).Order(StringComparer.Ordinal)];

    private async Task<string> MetricsAsync()
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private sealed class Namespaces : INamespaceLookup
    {
        public static Namespaces Instance { get; } = new();

        public NamespaceInfo? Find(string name) => name switch
        {
            "shop" => new NamespaceInfo("shop", new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" }),
            "kube-system" or "bifrost-system" => new NamespaceInfo(name, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" }),
            _ => new NamespaceInfo(name, new Dictionary<string, string>()),
        };
    }
}
