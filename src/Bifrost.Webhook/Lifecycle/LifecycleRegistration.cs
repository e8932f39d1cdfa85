using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Kubernetes;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using k8s;

namespace Bifrost.Webhook.Lifecycle;

internal static class LifecycleRegistration
{
    /// <summary>
    /// The learning controller and the catalog admission decides from. In a cluster the node gate reads the agents'
    /// BifrostNode reports and Events go to the API server, and only the replica holding the Lease runs the controller;
    /// locally this machine is the one node and always leads.
    /// </summary>
    public static IServiceCollection AddBifrostLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LearningPolicy>(configuration, LearningPolicy.SectionName, o => o.Validate());
        services.AddValidatedOptions<LifecycleOptions>(configuration, LearningPolicy.SectionName, o => o.Validate());
        services.AddProfileRenderer();
        services.AddSingleton(provider => new ProfileLifecycle(
            provider.GetRequiredService<IOptions<LearningPolicy>>().Value, IncludeResolver.BuiltInOnly, provider.GetRequiredService<ProfileRenderer>()));
        services.AddSingleton<LocalProfileSnapshot>();
        services.AddSingleton<LifecycleMetrics>();
        services.AddBifrostLeadership(configuration);
        services.AddBifrostRestarts(configuration);
        if (KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddSingleton<ClusterNodeGate>();
            services.AddSingleton<INodeGate>(provider => provider.GetRequiredService<ClusterNodeGate>());
            services.AddSingleton<ILoadedProfiles>(provider => provider.GetRequiredService<ClusterNodeGate>());
            services.AddSingleton<IProfileSnapshot>(provider => new CacheSnapshot(provider.GetRequiredService<ProfileCache>()));
            services.AddSingleton<IEventSink>(provider => new KubernetesEventSink(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IWorkloadAnnotations>(provider => new KubernetesWorkloadAnnotations(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton(LocalGate);
            services.AddSingleton<INodeGate>(provider => (INodeGate)provider.GetRequiredService<IProfileLoading>());
            services.AddSingleton<ILoadedProfiles>(provider => (ILoadedProfiles)provider.GetRequiredService<IProfileLoading>());
            services.AddSingleton<IProfileSnapshot>(provider => provider.GetRequiredService<LocalProfileSnapshot>());
            services.AddSingleton<IEventSink, NoEventSink>();
        }

        // Replaces the learn-everything catalog that admission starts with.
        services.AddSingleton<IProfileCatalog, ProfileCatalog>();
        services.AddSingleton(provider => new EnforcementResolver(
            provider.GetRequiredService<INamespaceLookup>(), provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.Enforcement,
            provider.GetService<IWorkloadAnnotations>()));
        services.AddSingleton(provider => new LifecycleService(
            provider.GetRequiredService<IProfileStore>(), provider.GetRequiredService<ProfileLifecycle>(), provider.GetRequiredService<INodeGate>(),
            provider.GetRequiredService<IEventSink>(), provider.GetRequiredService<LocalProfileSnapshot>(),
            provider.GetRequiredService<IOptions<LifecycleOptions>>(), provider.GetRequiredService<LifecycleMetrics>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<LifecycleService>>(),
            provider.GetRequiredService<ILeadership>(), provider.GetRequiredService<RestartOnEnforce>(), provider.GetService<ProfileCache>(),
            provider.GetService<IProfileLoading>(), provider.GetRequiredService<EnforcementResolver>()));
        services.AddHostedService(provider => provider.GetRequiredService<LifecycleService>());
        return services;
    }

    /// <summary>One machine: the local agent's status file where one is named, else apparmor_parser run by the webhook.</summary>
    private static IProfileLoading LocalGate(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<LifecycleOptions>>().Value;
        return options.AgentStatusFile is { Length: > 0 } file ? new AgentStatusNodeGate(file) : new LocalNodeGate(options.ParserPath);
    }

    /// <summary>
    /// The one renderer the merge and the lifecycle share, so a workload's rules are generated once per change;
    /// <c>bifrost_profile_renders_total</c> counts the generations.
    /// </summary>
    public static IServiceCollection AddProfileRenderer(this IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var renders = provider.GetRequiredService<IMetricFactory>().CreateCounter(
                "bifrost_profile_renders_total", "Profile rule generations: one per distinct set of observations, shared by the merge, the learning and the enforce profiles.");
            return new ProfileRenderer(() => renders.Inc());
        });
        return services;
    }

    private sealed class CacheSnapshot(ProfileCache cache) : IProfileSnapshot
    {
        public Core.Profiles.BifrostProfile? Find(string @namespace, string name) => cache.Find(@namespace, name);
    }
}
