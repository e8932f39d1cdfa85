using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>
/// The services <c>AddBifrostProfiles</c> registers in cluster mode, talking to a <see cref="FakeApiServer"/>,
/// with every informer started. Backoff is short so recovery takes milliseconds.
/// </summary>
internal sealed class ProfileCacheHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly List<IHostedService> informers;

    private ProfileCacheHost(ServiceProvider provider, CollectorRegistry registry)
    {
        this.provider = provider;
        Registry = registry;
        informers = [.. provider.GetServices<IHostedService>()];
    }

    public CollectorRegistry Registry { get; }

    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    public async Task<string> MetricsAsync()
    {
        using var text = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    public static async Task<ProfileCacheHost> StartAsync(FakeApiServer server)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bifrost:Kubernetes:Enabled"] = "true",
            ["Bifrost:Kubernetes:MinBackoff"] = "00:00:00.010",
            ["Bifrost:Kubernetes:MaxBackoff"] = "00:00:00.050",
        }).Build();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(registry));
        services.AddSingleton(server.CreateClient());
        services.AddBifrostProfiles(configuration);
        var host = new ProfileCacheHost(services.BuildServiceProvider(), registry);
        foreach (var informer in host.informers)
            await informer.StartAsync(CancellationToken.None);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var informer in informers)
            await informer.StopAsync(CancellationToken.None);
        await provider.DisposeAsync();
    }
}
