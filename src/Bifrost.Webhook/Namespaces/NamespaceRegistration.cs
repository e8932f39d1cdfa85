using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Bifrost.Webhook.Health;

namespace Bifrost.Webhook.Namespaces;

/// <summary>
/// Namespace labels for admission: an informer cache of the API server in a cluster, configuration otherwise.
/// Never an API call per admission request.
/// </summary>
internal static class NamespaceRegistration
{
    public const string ReadinessCheck = "namespaces";

    public static IServiceCollection AddBifrostNamespaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKubernetesOptions(configuration);
        if (!KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddSingleton<INamespaceLookup, StaticNamespaceLookup>();
            return services;
        }

        services.AddKubernetesClient(configuration);
        services.AddSingleton<IListWatchSource<NamespaceInfo>, KubernetesNamespaceSource>();
        services.AddBifrostNamespaceCache();
        return services;
    }

    /// <summary>The cache, its informer and its readiness check, fed by whatever namespace <see cref="IListWatchSource{T}"/> is registered.</summary>
    public static IServiceCollection AddBifrostNamespaceCache(this IServiceCollection services)
    {
        services.AddSingleton<NamespaceCache>();
        services.AddSingleton<INamespaceLookup>(provider => provider.GetRequiredService<NamespaceCache>());
        services.AddSingleton<NamespaceMetrics>();
        services.AddHostedService<NamespaceInformer>();
        services.AddHealthChecks().AddCheck<NamespaceCacheHealthCheck>(ReadinessCheck, tags: [HealthRegistration.ReadyTag]);
        return services;
    }
}
