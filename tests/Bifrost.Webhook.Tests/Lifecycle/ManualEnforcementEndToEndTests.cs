using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Profiles;
using Bifrost.Webhook.Tests.Restarts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using k8s;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>
/// The choice between automatic and manual enforcement, read from the namespace's label and the workload's
/// annotations on an API server on Kestrel, and an approval written with a merge patch as <c>kubectl patch</c> sends it.
/// </summary>
public sealed class ManualEnforcementEndToEndTests : IAsyncLifetime
{
    private const string Key = "shop/deployment-web";
    private FakeApiServer api = null!;
    private IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Lifecycle_PodTemplateSaysManual_WaitsInStableUntilTheRevisionIsApproved()
    {
        var deployment = Workloads.Object("Deployment", "shop", "web", optedIn: false);
        deployment["spec"]!["template"]!["metadata"]!["annotations"]![EnforcementChoice.Key] = "manual";
        api.State.Put("deployments", deployment);
        api.State.Put(BifrostProfile.Plural, SampleProfiles.Json(Learned()));
        using var service = Service(namespaceLabel: "auto");

        await RoundsAsync(service, 3);
        var waiting = Stored();
        var revision = waiting["status"]!["revision"]!.GetValue<string>();
        api.State.Patch(BifrostProfile.Plural, Key, "/apis/bifrost.io/v1alpha1/namespaces/shop/bifrostprofiles/deployment-web", "application/merge-patch+json",
            EnforcementApproval.ApprovePatch(waiting.Deserialize<BifrostProfile>(ProfileJson.Options)!));
        await RoundsAsync(service, 1);
        var approved = Stored();

        Assert.Equal("Stable", waiting["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(("False", LifecycleConditions.AwaitingApproval), Condition(waiting, ProfileCondition.Enforcing));
        Assert.Contains("annotation bifrost.io/enforcement on Deployment shop/web", waiting["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Events(), e => e["reason"]!.GetValue<string>() == LifecycleConditions.AwaitingApproval && e["involvedObject"]!["kind"]!.GetValue<string>() == "Deployment");
        Assert.Equal(revision, approved["spec"]!["enforcement"]!["approvedRevision"]!.GetValue<string>());
        Assert.Equal("Enforcing", approved["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(approved["metadata"]!["generation"]!.GetValue<long>(), approved["status"]!["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Lifecycle_NamespaceSaysManualAndWorkloadSaysNothing_Waits()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));
        api.State.Put(BifrostProfile.Plural, SampleProfiles.Json(Learned()));
        using var service = Service(namespaceLabel: "manual");

        await RoundsAsync(service, 4);

        Assert.Equal("Stable", Stored()["status"]!["phase"]!.GetValue<string>());
        Assert.Contains("label bifrost.io/enforcement on namespace shop", Stored()["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_NothingSaysManual_EnforcesAsBefore()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));
        api.State.Put(BifrostProfile.Plural, SampleProfiles.Json(Learned()));
        using var service = Service(namespaceLabel: null);

        await RoundsAsync(service, 2);

        Assert.Equal("Enforcing", Stored()["status"]!["phase"]!.GetValue<string>());
    }

    private LifecycleService Service(string? namespaceLabel)
    {
        var metrics = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var events = new KubernetesEventSink(client, TimeProvider.System);
        var restarts = new RestartOnEnforce(new LocalWorkloadRestarter(), events, metrics, NullLogger<RestartOnEnforce>.Instance);
        var policy = new LearningPolicy { MinimumLearningPeriod = TimeSpan.Zero, QuietPeriod = TimeSpan.FromMilliseconds(1) };
        var enforcement = new EnforcementResolver(
            new Namespaces(namespaceLabel), EnforcementMode.Auto, new KubernetesWorkloadAnnotations(client, TimeProvider.System));
        return new LifecycleService(
            new KubernetesProfileStore(client), new ProfileLifecycle(policy, IncludeResolver.BuiltInOnly), new AllNodesLoaded(), events, new LocalProfileSnapshot(),
            Options.Create(new LifecycleOptions()), new LifecycleMetrics(metrics), TimeProvider.System, NullLogger<LifecycleService>.Instance,
            new LocalLeadership(new LeadershipMetrics(metrics)), restarts, enforcement: enforcement);
    }

    private static async Task RoundsAsync(LifecycleService service, int count)
    {
        for (var i = 0; i < count; i++)
            await service.EvaluateAllAsync(CancellationToken.None);
    }

    private JsonObject Stored() => api.State.Find(BifrostProfile.Plural, Key)!;

    private List<JsonObject> Events() => [.. api.State.List("events", "", "")["items"]!.AsArray().Select(e => e!.AsObject())];

    private static (string, string) Condition(JsonObject profile, string type)
    {
        var condition = profile["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!;
        return (condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>());
    }

    private static BifrostProfile Learned() => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus
        {
            LearningSince = DateTimeOffset.UtcNow.AddHours(-2),
            PhaseSince = DateTimeOffset.UtcNow.AddHours(-2),
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 1,
                    Pods = 1,
                    LastNewRuleAt = DateTimeOffset.UtcNow.AddHours(-1),
                    Observed = [new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read }],
                },
            ],
        },
    };

    private sealed class Namespaces(string? label) : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) =>
            new(name, label is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [EnforcementChoice.Key] = label });
    }
}
