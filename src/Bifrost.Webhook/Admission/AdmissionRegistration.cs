using Bifrost.Core.Admission;
using Bifrost.Webhook.Hosting;
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
        services.AddSingleton(provider => new PodMutator(provider.GetRequiredService<IOptions<AdmissionOptions>>().Value));
        // Everything learns until the controller's profile cache replaces this registration.
        services.AddSingleton<IProfileCatalog>(LearningCatalog.Instance);
        services.AddSingleton<AdmissionReviewHandler>();
        services.AddSingleton<IAdmissionHandler, CoreAdmissionHandler>();
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton<AdmissionEndpoint>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/mutate", (HttpContext context, AdmissionEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
