using Bifrost.Kubernetes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using k8s;

namespace Bifrost.Webhook.Restarts;

internal static class RestartRegistration
{
    /// <summary>The rolling restart after a switch to enforce: through the API server in a cluster, reported only on one machine.</summary>
    public static IServiceCollection AddBifrostRestarts(this IServiceCollection services, IConfiguration configuration)
    {
        if (KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddKubernetesClient(configuration);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<IWorkloadRestarter>(provider => new KubernetesWorkloadRestarter(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<IWorkloadRestarter, LocalWorkloadRestarter>();
        }

        services.AddSingleton<RestartOnEnforce>();
        return services;
    }
}
