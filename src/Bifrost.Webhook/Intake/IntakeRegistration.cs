using Bifrost.Core.Observations;
using Bifrost.Webhook.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Intake;

internal static class IntakeRegistration
{
    /// <summary>
    /// The report intake. In a cluster, tokens are checked with TokenReview and pod opt-ins read from the API
    /// server; locally, a token file authenticates. Needs an <c>IProfileStore</c> and a <c>ProfileMerger</c>.
    /// </summary>
    public static IServiceCollection AddBifrostIntake(this IServiceCollection services, IConfiguration configuration, bool cluster)
    {
        services.AddValidatedOptions<IntakeOptions>(configuration, IntakeOptions.SectionName, o => o.Validate());
        services.AddSingleton(provider => WriteAheadLog<ObservationReport>.Open(
            provider.GetRequiredService<IOptions<IntakeOptions>>().Value.WalDirectory, ObservationJson.Options));
        if (cluster)
        {
            services.AddSingleton<ITokenReviewClient>(provider => new KubernetesTokenReviewClient(provider.GetRequiredService<IKubernetes>()));
            services.AddSingleton<IReporterAuthenticator>(provider => new TokenReviewAuthenticator(
                provider.GetRequiredService<ITokenReviewClient>(),
                provider.GetRequiredService<IOptions<IntakeOptions>>().Value.Audience,
                provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IPodOptIn, KubernetesPodOptIn>();
        }
        else
        {
            services.AddSingleton<IReporterAuthenticator>(provider =>
                new LocalTokenAuthenticator(provider.GetRequiredService<IOptions<IntakeOptions>>().Value.TokenFile));
            services.AddSingleton<IPodOptIn, NoPodOptIn>();
        }

        services.AddSingleton<IProtectionCheck, ProtectionCheck>();
        services.AddSingleton<IntakeMetrics>();
        services.AddSingleton<IntakeEndpoint>();
        services.AddSingleton<IntakeFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<IntakeFlusher>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/observations", (HttpContext context, IntakeEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
