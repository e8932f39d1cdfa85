using Bifrost.Core.Admission;
using Bifrost.Webhook.Health;
using Bifrost.Webhook.Hosting;
using k8s;

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
        services.AddValidatedOptions<KubernetesOptions>(configuration, KubernetesOptions.SectionName, o => o.Validate());
        var enabled = configuration.GetValue<bool?>($"{KubernetesOptions.SectionName}:{nameof(KubernetesOptions.Enabled)}")
            ?? KubernetesClientConfiguration.IsInCluster();
        if (!enabled)
        {
            services.AddSingleton<INamespaceLookup, StaticNamespaceLookup>();
            return services;
        }

        services.AddSingleton<IKubernetes>(_ =>
        {
            var kubeconfig = configuration[$"{KubernetesOptions.SectionName}:{nameof(KubernetesOptions.Kubeconfig)}"];
            var config = KubernetesClientConfiguration.IsInCluster() && kubeconfig is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            return new Kubernetes(config);
        });
        services.AddSingleton<INamespaceSource, KubernetesNamespaceSource>();
        services.AddBifrostNamespaceCache();
        return services;
    }

    /// <summary>The cache, its informer and its readiness check, fed by whatever <see cref="INamespaceSource"/> is registered.</summary>
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
