using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Restarts;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using k8s;

namespace Bifrost.Webhook.Tests.Leadership;

/// <summary>
/// One webhook replica as far as the controller goes: its own API client, the Lease election as
/// <c>AddBifrostLeadership</c> registers it in a cluster, and a running learning controller whose rounds are counted.
/// Durations are short so hand-overs take seconds.
/// </summary>
internal sealed class Replica : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);

    private readonly ServiceProvider provider;
    private readonly IKubernetes client;
    private readonly CollectorRegistry registry;
    private bool stopped;

    private Replica(string identity, ServiceProvider provider, IKubernetes client, CollectorRegistry registry)
    {
        Identity = identity;
        this.provider = provider;
        this.client = client;
        this.registry = registry;
        Leadership = provider.GetRequiredService<LeaseLeadership>();
        Lifecycle = LifecycleParts.Service(Store, Leadership, provider.GetRequiredService<RestartOnEnforce>(), new NoEventSink(),
            provider.GetRequiredService<IMetricFactory>(), TimeSpan.FromMilliseconds(200));
    }

    public string Identity { get; }

    public LeaseLeadership Leadership { get; }

    public CountingStore Store { get; } = new();

    public LifecycleService Lifecycle { get; }

    public static async Task<Replica> StartAsync(FakeApiServer api, string identity)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bifrost:Kubernetes:Enabled"] = "true",
            ["Bifrost:Leadership:Identity"] = identity,
            ["Bifrost:Leadership:LeaseNamespace"] = "bifrost-system",
            ["Bifrost:Leadership:LeaseDuration"] = LeaseDuration.ToString(),
            ["Bifrost:Leadership:RenewDeadline"] = "00:00:03",
            ["Bifrost:Leadership:RetryPeriod"] = "00:00:00.3",
        }).Build();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var client = api.CreateClient();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(registry)
            .AddSingleton<IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(registry))
            .AddSingleton(client)
            .AddSingleton<IEventSink, NoEventSink>();
        services.AddBifrostLeadership(configuration);
        services.AddBifrostRestarts(configuration);
        var replica = new Replica(identity, services.BuildServiceProvider(), client, registry);
        await replica.Leadership.StartAsync(CancellationToken.None);
        await replica.Lifecycle.StartAsync(CancellationToken.None);
        return replica;
    }

    public async Task<double?> MetricAsync(string series)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return MetricsText.Value(System.Text.Encoding.UTF8.GetString(text.ToArray()), series);
    }

    /// <summary>Shuts down as the host would: the controller first, then the election, which hands the lease back.</summary>
    public async Task StopAsync()
    {
        if (stopped)
            return;
        stopped = true;
        await Lifecycle.StopAsync(CancellationToken.None);
        await Leadership.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Lifecycle.Dispose();
        await provider.DisposeAsync();
        client.Dispose();
    }
}
