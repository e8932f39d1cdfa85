using Bifrost.Agent.Cluster;
using Bifrost.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Cluster;

public sealed class UninstallSignalTests
{
    private const string Enforce = "bifrost_shop_deploy_web_app_0123456789";

    private static readonly AgentOptions Agent = new() { NodeName = "node-1", PodNamespace = "bifrost-system", PodName = "bifrost-agent-abcde" };

    [Fact]
    public void Apply_AnnotationOnAnotherPod_IsNotARequest()
    {
        var signal = new UninstallSignal(Agent);

        signal.Apply(new PodEvent(ProfileEventType.Reset, [new NodePod("bifrost-system", "bifrost-agent-other", [], UninstallRequest: "r1")]));
        signal.Apply(new PodEvent(ProfileEventType.Upsert, [new NodePod("shop", "bifrost-agent-abcde", [], UninstallRequest: "r1")]));

        Assert.False(signal.Requested.IsCompleted);
    }

    [Fact]
    public async Task Apply_AnnotationOnOwnPod_CompletesWithItsValue()
    {
        var signal = new UninstallSignal(Agent);

        signal.Apply(new PodEvent(ProfileEventType.Upsert, [new NodePod("bifrost-system", "bifrost-agent-abcde", [], UninstallRequest: "r1")]));

        Assert.Equal("r1", await signal.Requested);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Watch_UninstallRequestOnOwnPod_CleansTheNodeReportsItAndLoadsNothingMore()
    {
        using var h = new LoaderHarness();
        var options = h.Options with { PodNamespace = "bifrost-system", PodName = "bifrost-agent-abcde" };
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var desired = new DesiredProfiles();
        using var worker = new AgentWorker(h.Loader, desired, new Bifrost.Agent.Packages.PackageSubjects(), cluster, new UninstallSignal(options),
            new AgentStatus { Restored = true }, options, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<AgentWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        cluster.Push(new ProfileEvent(ProfileEventType.Reset, [Workloads.Profile("shop", "web", TestProfiles.Enforcing(Enforce))]));
        // Reports written on the way (before the load, or by the periodic round) are passed over.
        while (!(await cluster.NextStatusAsync()).Ready)
        {
        }

        cluster.Push(new PodEvent(ProfileEventType.Upsert, [new NodePod("bifrost-system", "bifrost-agent-abcde", [], UninstallRequest: "2026-12-07T16:40:00Z")]));
        var report = await cluster.NextStatusAsync();
        while (report.Uninstall is null)
            report = await cluster.NextStatusAsync();
        cluster.Push(new ProfileEvent(ProfileEventType.Upsert, [Workloads.Profile("shop", "db", TestProfiles.Enforcing("bifrost_shop_sts_db_app_9876543210"))]));
        await Task.Delay(200);
        await worker.StopAsync(CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Equal("2026-12-07T16:40:00Z", report.Uninstall?.Request);
        Assert.Equal(2, report.Uninstall?.Removed); // the workload's and the bootstrap profile
        Assert.DoesNotContain(h.Kernel.ListLoaded().Keys, n => n.StartsWith("bifrost_", StringComparison.Ordinal));
        Assert.False(Directory.Exists(h.Options.ProfileDirectory) && Directory.EnumerateFiles(h.Options.ProfileDirectory).Any());
    }
}
