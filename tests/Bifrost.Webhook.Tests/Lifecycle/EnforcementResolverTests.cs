using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Learning;
using Bifrost.Core.Workloads;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Restarts;
using k8s;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>Reading <c>bifrost.io/enforcement</c> from workloads as the API server holds them, and failing safe when it cannot.</summary>
public sealed class EnforcementResolverTests : IAsyncLifetime
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
    public async Task ReadAsync_Deployment_ThePodTemplatesAnnotationWinsOverTheWorkloads()
    {
        var deployment = Workloads.Object("Deployment", "shop", "web", optedIn: false);
        deployment["metadata"]!["annotations"]![EnforcementChoice.Key] = "auto";
        deployment["spec"]!["template"]!["metadata"]!["annotations"]![EnforcementChoice.Key] = "manual";
        api.State.Put("deployments", deployment);

        var annotations = await Reader().ReadAsync(new WorkloadIdentity("shop", "Deployment", "web"), CancellationToken.None);

        Assert.Equal("manual", annotations![EnforcementChoice.Key]);
        Assert.Equal("payments", annotations["team"]);
    }

    [Fact]
    public async Task ReadAsync_CronJob_ReadsItsJobTemplatesPodTemplate()
    {
        api.State.Put("cronjobs", new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = "backup", ["namespace"] = "shop" },
            ["spec"] = new JsonObject
            {
                ["jobTemplate"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [EnforcementChoice.Key] = "manual" } } } },
                },
            },
        });

        var annotations = await Reader().ReadAsync(new WorkloadIdentity("shop", "CronJob", "backup"), CancellationToken.None);

        Assert.Equal("manual", annotations![EnforcementChoice.Key]);
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("Rollout")]
    public async Task ReadAsync_MissingOrUnknownKind_IsNull(string kind)
    {
        Assert.Null(await Reader().ReadAsync(new WorkloadIdentity("shop", kind, "gone"), CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_WorkloadCannotBeRead_HoldsItAsManualForTheRound()
    {
        var resolver = new EnforcementResolver(new NoNamespaces(), EnforcementMode.Auto, new Unreachable());

        var choice = await resolver.ResolveAsync(Workloads.Profile("Deployment", "shop", "web"), CancellationToken.None);

        Assert.Equal(EnforcementMode.Manual, choice.Mode);
        Assert.Equal("Deployment shop/web could not be read (connection refused), so it is held until it can", choice.Source);
    }

    private KubernetesWorkloadAnnotations Reader() => new(client, TimeProvider.System);

    private sealed class NoNamespaces : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) => null;
    }

    private sealed class Unreachable : IWorkloadAnnotations
    {
        public Task<IReadOnlyDictionary<string, string>?> ReadAsync(WorkloadIdentity workload, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
