using Bifrost.Core.Profiles;
using Bifrost.Core.Relevancy;
using Bifrost.Webhook.Lifecycle;
using Prometheus;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary><c>bifrost_workload_packages</c>: each container's newest image, installed and in use; a gone container loses its series.</summary>
public sealed class PackageMetricsTests
{
    private static BifrostProfile Web(params ImagePackages[] packages) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "app", Packages = packages }] },
    };

    private static ImagePackages Found(string image, int installed, int used) => new()
    {
        Image = image,
        Database = "dpkg database",
        Installed = installed,
        Used = [.. Enumerable.Range(0, used).Select(i => new UsedPackage($"p{i}", "1", null))],
    };

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    [Fact]
    public async Task The_newest_image_of_each_container_is_counted_and_a_gone_container_loses_its_series()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new LifecycleMetrics(Prometheus.Metrics.WithCustomRegistry(registry));

        metrics.Packages([Web(Found("nginx@sha256:11", 140, 3), Found("nginx@sha256:22", 143, 5))]);
        var scraped = await ScrapeAsync(registry);
        Assert.Contains("bifrost_workload_packages{namespace=\"shop\",profile=\"deployment-web\",container=\"app\",state=\"installed\"} 143", scraped, StringComparison.Ordinal);
        Assert.Contains("bifrost_workload_packages{namespace=\"shop\",profile=\"deployment-web\",container=\"app\",state=\"in_use\"} 5", scraped, StringComparison.Ordinal);

        metrics.Packages([Web()]);
        Assert.DoesNotContain("profile=\"deployment-web\"", await ScrapeAsync(registry), StringComparison.Ordinal);
    }
}
