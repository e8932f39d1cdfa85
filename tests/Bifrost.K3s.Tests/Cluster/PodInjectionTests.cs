using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// End to end through a running Bifrost: pods are created with a server-side dry run, which still passes
/// through mutating webhooks (Bifrost declares sideEffects: None), so no AppArmor profile has to be loaded
/// on a node and nothing is left behind but the test namespace, which is deleted.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class PodInjectionTests(ClusterFixture cluster)
{
    [RequiresFact(typeof(DeployedWebhook))]
    public async Task PodInLabelledNamespace_GetsLearningProfileAndTracer()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" });

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("web", annotations: null), ns.Name, dryRun: "All");

        var app = pod.Spec.Containers.Single(c => c.Name == "app");
        Assert.Equal("Localhost", app.SecurityContext.AppArmorProfile.Type);
        Assert.StartsWith($"bifrost_{ns.Name}_pod_web_app", app.SecurityContext.AppArmorProfile.LocalhostProfile, StringComparison.Ordinal);
        var tracer = Assert.Single(pod.Spec.InitContainers ?? [], c => c.Name == "bifrost-tracer");
        Assert.Equal("Always", tracer.RestartPolicy);
        Assert.Contains("bifrost.io/status", pod.Metadata.Annotations.Keys);
    }

    [RequiresFact(typeof(DeployedWebhook))]
    public async Task PodOptedOutByAnExemptUser_IsCreatedUnchanged()
    {
        // The test's client is the cluster's admin, who holds every verb, exempt on bifrostprofiles.bifrost.io included.
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" });

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            Pod("debug", new Dictionary<string, string> { ["bifrost.io/protect"] = "false" }), ns.Name, dryRun: "All");

        Assert.Null(pod.Spec.Containers.Single().SecurityContext?.AppArmorProfile);
        Assert.Null(pod.Spec.InitContainers);
    }

    [RequiresFact(typeof(DeployedWebhook))]
    public async Task AnnotatedPodInUnlabelledNamespace_GetsLearningProfile()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string>());

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            Pod("tool", new Dictionary<string, string> { ["bifrost.io/protect"] = "true" }), ns.Name, dryRun: "All");

        Assert.Equal("Localhost", pod.Spec.Containers.Single(c => c.Name == "app").SecurityContext.AppArmorProfile.Type);
    }

    private static V1Pod Pod(string name, IDictionary<string, string>? annotations) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "app", Image = "busybox:1.36", Command = ["sleep", "3600"] }],
        },
    };
}
