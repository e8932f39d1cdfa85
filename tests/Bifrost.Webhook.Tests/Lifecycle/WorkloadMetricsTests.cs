using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Lifecycle;
using Prometheus;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>Learning progress per workload: <c>bifrost_workload_phase</c>, <c>_rules</c> and <c>_pods_seen</c>.</summary>
public sealed class WorkloadMetricsTests
{
    private static BifrostProfile Web(ProfilePhase phase, int rules, params int[] pods) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus
        {
            Phase = phase,
            Rules = rules,
            Containers = [.. pods.Select((n, i) => new ContainerProfileStatus { Name = $"c{i}", Pods = n })],
        },
    };

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    [Fact]
    public async Task Workloads_ExportPhaseRulesAndPods_MoveThePhaseSeriesOnAChange_AndDropAGoneProfile()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new LifecycleMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.Workloads([Web(ProfilePhase.Learning, 12, 2, 3)]);
        var learning = await ScrapeAsync(registry);
        Assert.Contains("bifrost_workload_phase{namespace=\"shop\",profile=\"deployment-web\",phase=\"Learning\"} 1", learning, StringComparison.Ordinal);
        Assert.Contains("bifrost_workload_rules{namespace=\"shop\",profile=\"deployment-web\"} 12", learning, StringComparison.Ordinal);
        Assert.Contains("bifrost_workload_pods_seen{namespace=\"shop\",profile=\"deployment-web\"} 3", learning, StringComparison.Ordinal);

        metrics.Workloads([Web(ProfilePhase.Stable, 14, 3, 3)]);
        var stable = await ScrapeAsync(registry);
        Assert.Contains("phase=\"Stable\"} 1", stable, StringComparison.Ordinal);
        Assert.DoesNotContain("phase=\"Learning\"", stable, StringComparison.Ordinal);

        metrics.Workloads([]);
        Assert.DoesNotContain("profile=\"deployment-web\"", await ScrapeAsync(registry), StringComparison.Ordinal);
    }
}
