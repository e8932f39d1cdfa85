using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Leadership;
using k8s;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Bifrost.Webhook.Health;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Bifrost.Webhook.Tls;

/// <summary>Serves HTTPS with the certificate from <c>Bifrost:Tls</c>, reloaded when its files change.</summary>
internal static class TlsRegistration
{
    public const string ReadinessCheck = "tls";

    public static IServiceCollection AddBifrostTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TlsOptions>(configuration, TlsOptions.SectionName, o => o.Validate());
        services.AddSingleton<CertificateHolder>();
        services.AddSingleton<TlsMetrics>();
        services.AddHostedService<CertificateReloader>();
        if (configuration.GetSection(SelfManagedOptions.SectionName).GetValue<bool>(nameof(SelfManagedOptions.Enabled)))
            services.AddSelfManagedCertificates(configuration);
        services.AddOptions<KestrelServerOptions>().Configure<CertificateHolder>((kestrel, holder) =>
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificateSelector = (_, _) => holder.Certificate));
        services.AddHealthChecks().AddCheck<CertificateHealthCheck>(ReadinessCheck, tags: [HealthRegistration.ReadyTag]);
        return services;
    }

    /// <summary>The leader makes and rotates the certificates: in a Secret and the webhook configuration in a cluster, in files otherwise.</summary>
    private static void AddSelfManagedCertificates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBifrostLeadership(configuration);
        var cluster = KubernetesRegistration.IsEnabled(configuration);
        if (cluster)
        {
            services.AddKubernetesClient(configuration);
            services.AddSingleton<ICertificateStore>(provider => new KubernetesCertificateStore(
                provider.GetRequiredService<IKubernetes>(), LeadershipRegistration.OwnNamespace(), provider.GetRequiredService<IOptions<TlsOptions>>().Value.SelfManaged));
            services.AddSingleton<IReplicaCertificates>(provider => new KubernetesReplicaCertificates(
                provider.GetRequiredService<IKubernetes>(), LeadershipRegistration.OwnNamespace(), provider.GetRequiredService<IOptions<TlsOptions>>().Value.SelfManaged));
        }
        else
        {
            services.AddSingleton<ICertificateStore>(provider => new LocalCertificateStore(provider.GetRequiredService<IOptions<TlsOptions>>().Value));
            services.AddSingleton<IReplicaCertificates>(provider => new LocalReplicaCertificates(
                provider.GetRequiredService<IServer>(), provider.GetRequiredService<IOptions<TlsOptions>>().Value.SelfManaged));
        }

        services.AddHostedService(provider =>
        {
            var selfManaged = provider.GetRequiredService<IOptions<TlsOptions>>().Value.SelfManaged;
            return new CertificateRotator(
                provider.GetRequiredService<ICertificateStore>(), provider.GetRequiredService<IReplicaCertificates>(), provider.GetRequiredService<ILeadership>(),
                provider.GetRequiredService<CertificateHolder>(), provider.GetRequiredService<TlsMetrics>(), selfManaged,
                selfManaged.NamesFor(cluster ? LeadershipRegistration.OwnNamespace() : null), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<CertificateRotator>>());
        });
    }
}
