using Bifrost.Kubernetes;
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
        services.AddOptions<KestrelServerOptions>().Configure<CertificateHolder>((kestrel, holder) =>
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificateSelector = (_, _) => holder.Certificate));
        services.AddHealthChecks().AddCheck<CertificateHealthCheck>(ReadinessCheck, tags: [HealthRegistration.ReadyTag]);
        return services;
    }
}
