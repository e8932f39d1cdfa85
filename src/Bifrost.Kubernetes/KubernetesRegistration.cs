
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Kubernetes;

/// <summary>The one decision "is there a cluster?" and the one API client every cluster feature shares.</summary>
public static class KubernetesRegistration
{
    /// <summary><c>Bifrost:Kubernetes:Enabled</c> when set, otherwise whether the process runs in a pod.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{KubernetesOptions.SectionName}:{nameof(KubernetesOptions.Enabled)}")
            ?? KubernetesClientConfiguration.IsInCluster();

    /// <summary>Binds and validates <c>Bifrost:Kubernetes</c> once, however many features ask for it.</summary>
    public static IServiceCollection AddKubernetesOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<KubernetesOptions>)))
            services.AddValidatedOptions<KubernetesOptions>(configuration, KubernetesOptions.SectionName, o => o.Validate());
        return services;
    }

    /// <summary>
    /// Registers <see cref="IKubernetes"/> once: in-cluster configuration in a pod, otherwise the kubeconfig named by
    /// <c>Bifrost:Kubernetes:Kubeconfig</c> (or KUBECONFIG, ~/.kube/config). Built on first use, so a test that
    /// replaces every source never needs a kubeconfig.
    /// </summary>
    public static IServiceCollection AddKubernetesClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IKubernetes>(_ =>
        {
            var kubeconfig = configuration[$"{KubernetesOptions.SectionName}:{nameof(KubernetesOptions.Kubeconfig)}"];
            var config = KubernetesClientConfiguration.IsInCluster() && kubeconfig is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            return new k8s.Kubernetes(config);
        });
        return services;
    }
}
