using System.Text.Json.Nodes;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Restarts;
using k8s;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>
/// Events as the API server stores them: <c>kubectl describe</c> lists an object's Events by its uid, so each Event
/// must name the uid of the object it is about, read from the object when the caller knows only its name.
/// </summary>
public sealed class KubernetesEventSinkTests : IAsyncLifetime
{
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
    public async Task RecordAsync_ProfileOfADeployment_GoesOnTheDeploymentAndTheProfileEachByUid()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));
        var deployment = api.State.Find("deployments", "shop/web")!["metadata"]!;
        var profile = Workloads.Profile("Deployment", "shop", "web") with
        {
            Metadata = Workloads.Profile("Deployment", "shop", "web").Metadata with { Uid = "3f0c5b8e-profile", ResourceVersion = "42" },
        };

        await Sink().RecordAsync(profile, new LifecycleEvent("Enforcing", "the enforce profiles are loaded on every node"), CancellationToken.None);

        var onDeployment = Involved(Assert.Single(Events(), e => Involved(e)["kind"] == "Deployment"));
        Assert.Equal("apps/v1", onDeployment["apiVersion"]);
        Assert.Equal(("web", "shop"), (onDeployment["name"], onDeployment["namespace"]));
        Assert.Equal(deployment["uid"]!.GetValue<string>(), onDeployment["uid"]);
        Assert.Equal(deployment["resourceVersion"]!.GetValue<string>(), onDeployment["resourceVersion"]);
        var onProfile = Involved(Assert.Single(Events(), e => Involved(e)["kind"] == BifrostProfile.KindName));
        Assert.Equal(("bifrost.io/v1alpha1", "deployment-web", "3f0c5b8e-profile", "42"), (onProfile["apiVersion"], onProfile["name"], onProfile["uid"], onProfile["resourceVersion"]));
        Assert.All(Events(), e => Assert.Equal(("Enforcing", "Normal"), (e["reason"]!.GetValue<string>(), e["type"]!.GetValue<string>())));
    }

    [Fact]
    public async Task RecordAsync_BarePod_NamesThePodsUid()
    {
        api.State.Put("pods", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "debug", ["namespace"] = "shop" } });

        await Sink().RecordAsync(new WorkloadIdentity("shop", "Pod", "debug"), new LifecycleEvent("TracerSkipped", "no tracer"), CancellationToken.None);

        var involved = Involved(Assert.Single(Events()));
        Assert.Equal(("v1", "Pod"), (involved["apiVersion"], involved["kind"]));
        Assert.Equal(api.State.Find("pods", "shop/debug")!["metadata"]!["uid"]!.GetValue<string>(), involved["uid"]);
    }

    [Theory]
    [InlineData("Job", "migrate")]
    [InlineData("Rollout", "canary")]
    public async Task RecordAsync_WorkloadThatCannotBeRead_StillRecordsTheEventByName(string kind, string name)
    {
        await Sink().RecordAsync(new WorkloadIdentity("shop", kind, name), new LifecycleEvent("Stable", "waiting for nodes"), CancellationToken.None);

        var involved = Involved(Assert.Single(Events()));
        Assert.Equal((kind, name, "shop"), (involved["kind"], involved["name"], involved["namespace"]));
        Assert.False(involved.ContainsKey("uid"));
    }

    private KubernetesEventSink Sink() => new(client, TimeProvider.System);

    private List<JsonObject> Events() => [.. api.State.List("events", "", "")["items"]!.AsArray().Select(e => e!.AsObject())];

    private static Dictionary<string, string?> Involved(JsonObject e) =>
        e["involvedObject"]!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>());
}
