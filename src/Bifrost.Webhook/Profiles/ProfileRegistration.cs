using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Resources;
using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Bifrost.Webhook.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using k8s;

namespace Bifrost.Webhook.Profiles;

/// <summary>
/// The profile store: the BifrostProfile CRD plus informer caches of profiles, node load states and Linux nodes in a
/// cluster (same rule as namespaces: <c>Bifrost:Kubernetes:Enabled</c>, else in-cluster), a local directory otherwise.
/// </summary>
internal static class ProfileRegistration
{
    public const string ReadinessCheck = "profiles";

    public static IServiceCollection AddBifrostProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ProfileStoreOptions>(configuration, ProfileStoreOptions.SectionName, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        if (!KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddSingleton<IProfileStore>(provider => new LocalProfileStore(
                provider.GetRequiredService<IOptions<ProfileStoreOptions>>().Value.Directory, provider.GetRequiredService<TimeProvider>()));
            return services;
        }

        services.AddKubernetesOptions(configuration);
        services.AddKubernetesClient(configuration);
        services.AddSingleton<IProfileStore, KubernetesProfileStore>();
        services.AddSingleton<IListWatchSource<BifrostProfile>>(provider => Source<BifrostProfile>(provider, CustomResource.Profiles));
        services.AddSingleton<IListWatchSource<BifrostNode>>(provider => Source<BifrostNode>(provider, CustomResource.Nodes));
        services.AddSingleton<IListWatchSource<LinuxNode>, LinuxNodeSource>();
        services.AddBifrostProfileCaches();
        return services;
    }

    /// <summary>The caches, their informers and the profile readiness check, fed by whatever sources are registered.</summary>
    public static IServiceCollection AddBifrostProfileCaches(this IServiceCollection services)
    {
        services.TryAddSingleton<ProfileCacheMetrics>();
        services.AddSingleton<ProfileCache>();
        services.AddSingleton<NodeStateCache>();
        services.AddSingleton<LinuxNodeCache>();
        services.AddHostedService(provider => Informer<ProfileCache, BifrostProfile>(
            provider, CustomResource.Profiles.Plural, p => $"{p.Metadata.Namespace}/{p.Metadata.Name}"));
        services.AddHostedService(provider => Informer<NodeStateCache, BifrostNode>(provider, CustomResource.Nodes.Plural, n => n.Metadata.Name));
        services.AddHostedService(provider => Informer<LinuxNodeCache, LinuxNode>(provider, "nodes", n => n.Name));
        // Only profiles gate readiness: admission reads them; node states matter to the controller, which checks IsSynced itself.
        services.AddHealthChecks().AddCheck<ProfileCacheHealthCheck>(ReadinessCheck, tags: [HealthRegistration.ReadyTag]);
        return services;
    }

    private static CustomObjectSource<T> Source<T>(IServiceProvider provider, CustomResource resource)
        where T : class => new(
            provider.GetRequiredService<IKubernetes>(), resource, provider.GetRequiredService<IOptions<KubernetesOptions>>().Value,
            provider.GetRequiredService<ILogger<CustomObjectSource<T>>>(), provider.GetRequiredService<ProfileCacheMetrics>().Unreadable);

    private static ProfileCacheInformer<T> Informer<TCache, T>(IServiceProvider provider, string resource, Func<T, string> nameOf)
        where TCache : IListWatchCache<T> => new(
            resource, nameOf, provider.GetRequiredService<IListWatchSource<T>>(), provider.GetRequiredService<TCache>(),
            provider.GetRequiredService<ProfileCacheMetrics>(), provider.GetRequiredService<IOptions<KubernetesOptions>>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ProfileCacheInformer<T>>>());
}
