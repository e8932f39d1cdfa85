using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Wire;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Intake;

internal static class IntakeRegistration
{
    /// <summary>
    /// The report intake. In a cluster, tokens are checked with TokenReview and pod opt-ins read from the API
    /// server; locally, a token file authenticates. Needs an <c>IProfileStore</c>.
    /// </summary>
    public static IServiceCollection AddBifrostIntake(this IServiceCollection services, IConfiguration configuration, bool cluster)
    {
        services.AddValidatedOptions<IntakeOptions>(configuration, IntakeOptions.SectionName, o => o.Validate());
        // Only the leader takes and merges reports: the one writer of BifrostProfile status.
        services.AddBifrostLeadership(configuration);
        services.AddSingleton(provider => WriteAheadLog<ObservationReport>.Open(
            provider.GetRequiredService<IOptions<IntakeOptions>>().Value.WalDirectory, ObservationJson.Options));
        if (cluster)
        {
            services.AddKubernetesClient(configuration);
            services.AddSingleton<ITokenReviewClient>(provider => new KubernetesTokenReviewClient(provider.GetRequiredService<IKubernetes>()));
            services.AddSingleton<IReporterAuthenticator>(provider => new TokenReviewAuthenticator(
                provider.GetRequiredService<ITokenReviewClient>(),
                provider.GetRequiredService<IOptions<IntakeOptions>>().Value.Audience,
                provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IPodOptIn, KubernetesPodOptIn>();
            services.AddSingleton<IPodReader>(provider => new KubernetesPodReader(provider.GetRequiredService<IKubernetes>()));
        }
        else
        {
            services.AddSingleton<IReporterAuthenticator>(provider =>
                new LocalTokenAuthenticator(provider.GetRequiredService<IOptions<IntakeOptions>>().Value.TokenFile));
            services.AddSingleton<IPodOptIn, NoPodOptIn>();
            services.AddValidatedOptions<PodsOptions>(configuration, PodsOptions.SectionName, o => o.Validate());
            services.AddSingleton<IPodReader>(provider => new LocalPodReader(provider.GetRequiredService<IOptions<PodsOptions>>().Value.Directory));
        }

        services.AddProfileRenderer();
        // The rules the generator writes for observations: what "a new generalised rule" is measured against.
        services.TryAddSingleton(provider => new ProfileMerger(ObservationKey.Of, provider.GetRequiredService<ProfileRenderer>().RuleTexts));
        services.AddSingleton<IProtectionCheck>(provider => new ProtectionCheck(
            provider.GetRequiredService<INamespaceLookup>(), provider.GetRequiredService<IProfileStore>(),
            provider.GetRequiredService<IPodOptIn>(), provider.GetService<ProfileCache>()));
        services.AddSingleton<PodContainerNames>();
        services.AddSingleton<IntakeMetrics>();
        services.AddSingleton<IntakeEndpoint>();
        services.AddSingleton<IntakeFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<IntakeFlusher>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder endpoints)
    {
        // Created now, not at the first report: the local token file must exist for tracers to read, and a
        // token file others can read must stop the start with its message.
        endpoints.ServiceProvider.GetRequiredService<IReporterAuthenticator>();
        endpoints.MapPost(IntakeApi.ObservationsPath, (HttpContext context, IntakeEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
