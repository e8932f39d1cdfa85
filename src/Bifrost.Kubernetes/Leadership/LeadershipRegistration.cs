
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Kubernetes.Leadership;

public static class LeadershipRegistration
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>
    /// In a cluster, the Lease election that decides which replica runs the learning controller; on one machine the
    /// process always leads. Registered once, however many features ask for it.
    /// </summary>
    public static IServiceCollection AddBifrostLeadership(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ILeadership)))
            return services;
        services.AddSingleton<LeadershipMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        if (!KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddSingleton<ILeadership, LocalLeadership>();
            return services;
        }

        services.AddValidatedOptions<LeadershipOptions>(configuration, LeadershipOptions.SectionName, o => o.Validate());
        services.AddKubernetesClient(configuration);
        services.AddSingleton(provider => new LeaseLeadership(
            provider.GetRequiredService<IKubernetes>(), Resolve(provider.GetRequiredService<IOptions<LeadershipOptions>>().Value),
            provider.GetRequiredService<LeadershipMetrics>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<LeaseLeadership>>()));
        services.AddSingleton<ILeadership>(provider => provider.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(provider => provider.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(provider => new LeaderPodLabel(
            provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<ILeadership>(), OwnNamespace(), OwnPodName(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<LeaderPodLabel>>()));
        return services;
    }

    /// <summary>The pod's own name and namespace, from the downward API or what Kubernetes gives every container.</summary>
    public static LeadershipOptions Resolve(LeadershipOptions options) => options with
    {
        Identity = options.Identity ?? OwnPodName(),
        LeaseNamespace = options.LeaseNamespace ?? OwnNamespace(),
    };

    private static string OwnPodName() => Env("POD_NAME") ?? Env("HOSTNAME") ?? Environment.MachineName;

    /// <summary>The namespace this pod runs in (Bifrost's own), from the downward API or the service account's files.</summary>
    public static string OwnNamespace() => Env("POD_NAMESPACE")
        ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : null)
        ?? "bifrost-system";

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
