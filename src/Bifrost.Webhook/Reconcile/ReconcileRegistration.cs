using Bifrost.Core.Admission;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Namespaces;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Microsoft.Extensions.Options;
using k8s;

namespace Bifrost.Webhook.Reconcile;

internal static class ReconcileRegistration
{
    /// <summary>
    /// The search for pods that slipped past admission, on the leader, in a cluster. Registered after the lifecycle,
    /// whose profile catalog it decides with, as admission does.
    /// </summary>
    public static IServiceCollection AddBifrostReconcile(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReconcileOptions>(configuration, ReconcileOptions.SectionName, o => o.Validate());
        if (!KubernetesRegistration.IsEnabled(configuration) || !configuration.GetSection(ReconcileOptions.SectionName).GetValue(nameof(ReconcileOptions.Enabled), true))
            return services;

        services.AddKubernetesClient(configuration);
        services.AddSingleton<IRunningPods>(provider => new KubernetesRunningPods(provider.GetRequiredService<IKubernetes>()));
        services.AddSingleton<IObjectEvents>(provider => new KubernetesObjectEvents(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReconcileMetrics>();
        services.AddHostedService(provider =>
        {
            var namespaceCache = provider.GetService<NamespaceCache>();
            var profileCache = provider.GetService<ProfileCache>();
            return new UnprotectedPodReconciler(
                provider.GetRequiredService<IRunningPods>(), provider.GetRequiredService<PodMutator>(), provider.GetRequiredService<INamespaceLookup>(),
                provider.GetRequiredService<IProfileCatalog>(), provider.GetRequiredService<IServerVersion>(), provider.GetRequiredService<IObjectEvents>(),
                provider.GetRequiredService<IWorkloadRestarter>(), provider.GetRequiredService<ILeadership>(), provider.GetRequiredService<IOptions<ReconcileOptions>>(),
                provider.GetRequiredService<ReconcileMetrics>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<UnprotectedPodReconciler>>(),
                () => namespaceCache?.IsSynced != false && profileCache?.IsSynced != false);
        });
        return services;
    }
}
