using Bifrost.Core.Admission;
using Bifrost.Kubernetes;
using Bifrost.Webhook.ApiServer;
using Bifrost.Webhook.Health;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Admission;

/// <summary>Registers Core's admission logic and the <c>/mutate</c> endpoint.</summary>
internal static class AdmissionRegistration
{
    public const string ReadinessCheck = "admission";

    public static IServiceCollection AddBifrostAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AdmissionOptions>(configuration, AdmissionOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.SectionName, o => o.Validate());
        // The tracer trusts the CAs of the serving certificate: read at start (and checked before that), then kept
        // current as the file changes (self-managed certificates publish a new CA there before it signs).
        services.AddSingleton<IValidateOptions<AdmissionOptions>, TracerCaFile>();
        services.AddSingleton(provider => new PodMutator(TracerCaFile.WithCaBundle(
            provider.GetRequiredService<IOptions<AdmissionOptions>>().Value, provider.GetRequiredService<IOptions<TlsOptions>>().Value)));
        services.AddHostedService<TracerTrustReloader>();
        // Admission reads the version from memory; in a cluster it is kept current in the background.
        services.AddBifrostApiServerVersion(configuration);
        // Everything learns until the controller's profile cache replaces this registration.
        services.AddSingleton<IProfileCatalog>(LearningCatalog.Instance);
        // In a cluster an opt-out from a protected namespace is checked with a SubjectAccessReview; locally it is refused.
        if (KubernetesRegistration.IsEnabled(configuration))
        {
            services.AddKubernetesClient(configuration);
            services.TryAddSingleton<IOptOutAuthorizer, SubjectAccessReviewAuthorizer>();
        }

        services.AddSingleton(provider => new AdmissionReviewHandler(
            provider.GetRequiredService<PodMutator>(), provider.GetRequiredService<INamespaceLookup>(), provider.GetRequiredService<IProfileCatalog>(),
            provider.GetService<IServerVersion>(), provider.GetService<IOptOutAuthorizer>()));
        services.AddSingleton<IAdmissionHandler, CoreAdmissionHandler>();
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton<AdmissionEndpoint>();
        services.AddSingleton<TracerSkipEvents>();
        services.AddHostedService(provider => provider.GetRequiredService<TracerSkipEvents>());
        services.AddSingleton<AdmissionSelfTest>();
        services.AddHostedService(provider => provider.GetRequiredService<AdmissionSelfTest>());
        services.AddHealthChecks().AddCheck<AdmissionHealthCheck>(ReadinessCheck, tags: [HealthRegistration.ReadyTag]);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/mutate", (HttpContext context, AdmissionEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
