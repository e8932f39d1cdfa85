using System.Text.Json.Nodes;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using k8s;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>
/// The learning controller writing conditions and observedGeneration through the status subresource of an API
/// server on Kestrel, which raises metadata.generation on a spec change as the real one does.
/// </summary>
public sealed class ProfileConditionsEndToEndTests : IAsyncLifetime
{
    private const string Key = "shop/deployment-web";
    private FakeApiServer api = null!;
    private IKubernetes client = null!;
    private LifecycleService service = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
        var metrics = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var events = new NoEventSink();
        var restarts = new RestartOnEnforce(new LocalWorkloadRestarter(), events, metrics, NullLogger<RestartOnEnforce>.Instance);
        service = LifecycleParts.Service(new KubernetesProfileStore(client), new LocalLeadership(new LeadershipMetrics(metrics)), restarts, events, metrics, TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync()
    {
        service.Dispose();
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Evaluate_SpecChanged_StatusCatchesUpWithTheNewGeneration()
    {
        api.State.Put(BifrostProfile.Plural, SampleProfiles.Json(Learned(ProfileModeSetting.Enforce)));

        await service.EvaluateAllAsync(CancellationToken.None);
        await service.EvaluateAllAsync(CancellationToken.None);
        var enforcing = Stored();
        api.State.Patch(BifrostProfile.Plural, Key, "/apis/bifrost.io/v1alpha1/namespaces/shop/bifrostprofiles/deployment-web", "application/merge-patch+json", """{"spec":{"mode":"Learn"}}""");
        var edited = Stored();
        await service.EvaluateAllAsync(CancellationToken.None);
        var learning = Stored();

        Assert.Equal(1, enforcing["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(("True", "ProfilesLoaded"), Condition(enforcing, ProfileCondition.Enforcing));
        Assert.Equal(2, edited["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, edited["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(2, learning["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(("False", LifecycleConditions.ModeLearn), Condition(learning, ProfileCondition.Enforcing));
        Assert.All(learning["status"]!["conditions"]!.AsArray(), c => Assert.Equal(2, c!["observedGeneration"]!.GetValue<long>()));
        // Degraded stayed False through the change: its transition time is still that of the first round.
        Assert.Equal(TransitionTime(enforcing, ProfileCondition.Degraded), TransitionTime(learning, ProfileCondition.Degraded));
    }

    private JsonObject Stored() => api.State.Find(BifrostProfile.Plural, Key)!;

    private static (string, string) Condition(JsonObject profile, string type)
    {
        var condition = profile["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!;
        return (condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>());
    }

    private static string TransitionTime(JsonObject profile, string type) =>
        profile["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!["lastTransitionTime"]!.GetValue<string>();

    private static BifrostProfile Learned(ProfileModeSetting mode) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web"), Mode = mode },
        Status = new BifrostProfileStatus
        {
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 1,
                    Pods = 1,
                    LastNewRuleAt = DateTimeOffset.UtcNow,
                    Observed = [new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read }],
                },
            ],
        },
    };
}
