using Bifrost.Core.Admission;
using Bifrost.Kubernetes;
using Bifrost.Webhook.ApiServer;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Admission;

/// <summary>Registers Core's admission logic and the <c>/mutate</c> endpoint.</summary>
internal static class AdmissionRegistration
{
    public static IServiceCollection AddBifrostAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AdmissionOptions>(configuration, AdmissionOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.SectionName, o => o.Validate());
        services.AddSingleton(provider => new PodMutator(WithCaBundle(
            provider.GetRequiredService<IOptions<AdmissionOptions>>().Value, provider.GetRequiredService<IOptions<TlsOptions>>().Value)));
        // Admission reads the version from memory; in a cluster it is kept current in the background.
        services.AddBifrostApiServerVersion(configuration);
        // Everything learns until the controller's profile cache replaces this registration.
        services.AddSingleton<IProfileCatalog>(LearningCatalog.Instance);
        services.AddSingleton<AdmissionReviewHandler>();
        services.AddSingleton<IAdmissionHandler, CoreAdmissionHandler>();
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton<AdmissionEndpoint>();
        services.AddSingleton<TracerSkipEvents>();
        services.AddHostedService(provider => provider.GetRequiredService<TracerSkipEvents>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The tracer trusts the CA that signed the serving certificate: read once at start from the setting, or from
    /// ca.crt beside the certificate (where make certs, the dev overlay and cert-manager put it). Without one the
    /// tracer uses its image's trust store.
    /// </summary>
    private static AdmissionOptions WithCaBundle(AdmissionOptions options, TlsOptions tls)
    {
        var explicitFile = options.Tracer.CaFile is { Length: > 0 };
        var file = explicitFile ? options.Tracer.CaFile! : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tls.CertFile)) ?? ".", "ca.crt");
        if (!File.Exists(file))
        {
            return explicitFile
                ? throw new OptionsValidationException(nameof(AdmissionOptions), typeof(AdmissionOptions), [$"Bifrost:Admission:Tracer:CaFile: file '{file}' does not exist"])
                : options;
        }

        return options with { Tracer = options.Tracer with { CaBundle = File.ReadAllText(file) } };
    }

    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/mutate", (HttpContext context, AdmissionEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
