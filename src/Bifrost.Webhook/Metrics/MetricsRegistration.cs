using Prometheus;

namespace Bifrost.Webhook.Metrics;

/// <summary>One Prometheus registry per host, so every metric Bifrost serves is declared here and nowhere global.</summary>
internal static class MetricsRegistration
{
    public static IServiceCollection AddBifrostMetrics(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            // Process metrics (resident memory, CPU, GC) are what an operator looks at first when the webhook misbehaves.
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<IMetricFactory>(provider => Prometheus.Metrics.WithCustomRegistry(provider.GetRequiredService<CollectorRegistry>()));
        return services;
    }

    public static IEndpointRouteBuilder MapBifrostMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>());
        return endpoints;
    }
}
