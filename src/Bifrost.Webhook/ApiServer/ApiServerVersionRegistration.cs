using Bifrost.Core.Admission;
using Bifrost.Kubernetes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using k8s;

namespace Bifrost.Webhook.ApiServer;

/// <summary>
/// The Kubernetes version admission decides pods for: <c>Bifrost:Admission:KubernetesVersion</c> when set; otherwise,
/// in a cluster, the API server's own, read in the background; with no cluster, the newest behaviour.
/// </summary>
internal static class ApiServerVersionRegistration
{
    public static IServiceCollection AddBifrostApiServerVersion(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = KubernetesRegistration.IsEnabled(configuration);
        services.AddKubernetesOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiServerVersionMetrics>();
        services.AddSingleton(provider => new ApiServerVersion(
            provider.GetRequiredService<IOptions<AdmissionOptions>>().Value, cluster, provider.GetRequiredService<ApiServerVersionMetrics>()));
        services.AddSingleton<IServerVersion>(provider => provider.GetRequiredService<ApiServerVersion>());
        services.AddHostedService(provider => new VersionAnnouncement(
            provider.GetRequiredService<ApiServerVersion>(), provider.GetRequiredService<ILogger<ApiServerVersion>>()));

        if (cluster && string.IsNullOrWhiteSpace(configuration[$"{AdmissionOptions.SectionName}:{nameof(AdmissionOptions.KubernetesVersion)}"]))
        {
            services.AddKubernetesClient(configuration);
            services.AddHostedService(provider => new ApiServerVersionDiscovery(
                provider.GetRequiredService<IKubernetes>(),
                provider.GetRequiredService<ApiServerVersion>(),
                provider.GetRequiredService<IOptions<KubernetesOptions>>().Value,
                provider.GetRequiredService<ApiServerVersionMetrics>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ApiServerVersionDiscovery>>()));
        }

        return services;
    }

    /// <summary>Says at start which version admission uses when it is not going to be discovered.</summary>
    private sealed class VersionAnnouncement(ApiServerVersion version, ILogger logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var held = version.Value;
            if (held.Source == VersionSource.Setting)
                ApiServerVersionLog.FromSetting(logger, held.Version);
            else if (held.Source == VersionSource.Newest)
                ApiServerVersionLog.Newest(logger, held.Version);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
