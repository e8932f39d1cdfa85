using System.Text.Json.Nodes;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Kubernetes;
using k8s;

namespace Bifrost.Webhook.Tests.Restarts;

/// <summary>The restarter through the real Kubernetes client against an API server on Kestrel that records every PATCH.</summary>
public sealed class KubernetesWorkloadRestarterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);
    private FakeApiServer api = null!;
    private IKubernetes client = null!;
    private KubernetesWorkloadRestarter restarter = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
        restarter = new KubernetesWorkloadRestarter(client, new ManualClock(Now));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    public async Task Restart_WorkloadAnnotatedToOptIn_StampsThePodTemplateWithAStrategicMergePatch(string kind)
    {
        api.State.Put(Workloads.Plural(kind), Workloads.Object(kind, "shop", "web", optedIn: true));

        var result = await restarter.RestartAsync(Workloads.Profile(kind, "shop", "web"), CancellationToken.None);

        Assert.Equal(WorkloadRestartOutcome.Restarted, result.Outcome);
        var patch = Assert.Single(api.State.Patches);
        Assert.Equal($"/apis/apps/v1/namespaces/shop/{Workloads.Plural(kind)}/web", patch.Path);
        Assert.StartsWith("application/strategic-merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        var body = JsonNode.Parse(patch.Body)!.AsObject();
        Assert.Equal("""{"spec":{"template":{"metadata":{"annotations":{"bifrost.io/restartedAt":"2025-06-07T08:09:10Z"}}}}}""", body.ToJsonString());
        var template = api.State.Find(Workloads.Plural(kind), "shop/web")!["spec"]!["template"]!["metadata"]!;
        Assert.Equal("2025-06-07T08:09:10Z", template["annotations"]!["bifrost.io/restartedAt"]!.GetValue<string>());
        Assert.Equal("true", template["annotations"]!["prometheus.io/scrape"]!.GetValue<string>());
        Assert.Equal("web", template["labels"]!["app"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Restart_ProfileOptsInAndTheWorkloadDoesNot_StillRestarts(bool spec, bool annotation)
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));

        var result = await restarter.RestartAsync(Workloads.Profile("Deployment", "shop", "web", spec, annotation), CancellationToken.None);

        Assert.Equal(WorkloadRestartOutcome.Restarted, result.Outcome);
        Assert.Single(api.State.Patches);
    }

    [Fact]
    public async Task Restart_NeitherWorkloadNorProfileOptsIn_PatchesNothing()
    {
        api.State.Put("deployments", Workloads.Object("Deployment", "shop", "web", optedIn: false));

        var result = await restarter.RestartAsync(Workloads.Profile("Deployment", "shop", "web"), CancellationToken.None);

        Assert.Equal(WorkloadRestartOutcome.NotOptedIn, result.Outcome);
        Assert.Empty(api.State.Patches);
    }

    [Theory]
    [InlineData("Job")]
    [InlineData("CronJob")]
    [InlineData("Pod")]
    public async Task Restart_KindWithoutARollingRestart_IsNotRestartedAndSaysWhy(string kind)
    {
        var optedIn = await restarter.RestartAsync(Workloads.Profile(kind, "shop", "batch", specOptIn: true), CancellationToken.None);
        var notOptedIn = await restarter.RestartAsync(Workloads.Profile(kind, "shop", "batch"), CancellationToken.None);

        Assert.Equal(WorkloadRestartOutcome.Unsupported, optedIn.Outcome);
        Assert.Contains($"a {kind} has no rolling restart", optedIn.Message, StringComparison.Ordinal);
        Assert.Equal(WorkloadRestartOutcome.NotOptedIn, notOptedIn.Outcome);
        Assert.Empty(api.State.Patches);
    }

    [Fact]
    public async Task Restart_OptedInWorkloadThatIsGone_FailsWithoutPatching()
    {
        var result = await restarter.RestartAsync(Workloads.Profile("StatefulSet", "shop", "db", specOptIn: true), CancellationToken.None);

        Assert.Equal(WorkloadRestartOutcome.Failed, result.Outcome);
        Assert.Contains("StatefulSet shop/db was not found", result.Message, StringComparison.Ordinal);
        Assert.Empty(api.State.Patches);
    }
}
