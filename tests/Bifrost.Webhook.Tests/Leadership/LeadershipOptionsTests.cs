using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Bifrost.Webhook.Tests.Leadership;

public sealed class LeadershipOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreAccepted()
    {
        var defaults = new LeadershipOptions();

        Assert.Empty(defaults.Validate());
        Assert.Equal("bifrost-webhook-lifecycle", defaults.LeaseName);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (defaults.LeaseDuration, defaults.RenewDeadline, defaults.RetryPeriod));
    }

    [Theory]
    [InlineData("LeaseName", "Bifrost_Lease", "Bifrost:Leadership:LeaseName")]
    [InlineData("LeaseNamespace", "bifrost.system", "Bifrost:Leadership:LeaseNamespace")]
    [InlineData("Identity", " ", "Bifrost:Leadership:Identity")]
    [InlineData("RetryPeriod", "00:00:00", "Bifrost:Leadership:RetryPeriod")]
    [InlineData("RenewDeadline", "00:00:02", "Bifrost:Leadership:RenewDeadline")]
    [InlineData("LeaseDuration", "00:00:10", "Bifrost:Leadership:LeaseDuration")]
    [InlineData("LeaseDuration", "00:00:00.5", "Bifrost:Leadership:LeaseDuration")]
    public void Validate_BadSetting_NamesIt(string setting, string value, string named)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build().Get<LeadershipOptions>()!;

        var message = Assert.Single(options.Validate());

        Assert.StartsWith(named + " ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SetValues_AreKept()
    {
        var resolved = LeadershipRegistration.Resolve(new LeadershipOptions { Identity = "webhook-0", LeaseNamespace = "security" });

        Assert.Equal(("webhook-0", "security"), (resolved.Identity, resolved.LeaseNamespace));
    }

    [Fact]
    public void Resolve_Unset_FallsBackToThePodOrMachine()
    {
        var resolved = LeadershipRegistration.Resolve(new LeadershipOptions());

        Assert.False(string.IsNullOrWhiteSpace(resolved.Identity));
        Assert.False(string.IsNullOrWhiteSpace(resolved.LeaseNamespace));
    }

    [Fact]
    public async Task AddBifrostLeadership_WithoutACluster_AlwaysLeadsAndSaysSo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bifrost:Kubernetes:Enabled"] = "false" }).Build();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var services = new ServiceCollection().AddSingleton<IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(registry));
        services.AddBifrostLeadership(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<ILeadership>().IsLeader);
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        Assert.Equal(1, MetricsText.Value(System.Text.Encoding.UTF8.GetString(text.ToArray()), "bifrost_lifecycle_leader"));
    }
}
