using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Kernel;
using Bifrost.Agent.Loading;
using k8s;
using Microsoft.Extensions.Options;

namespace Bifrost.Agent.Hosting;

internal static class AgentServiceCollectionExtensions
{
    /// <summary>The node agent: options validated at start, the loader, the audit reader, the cluster client and the main loop.</summary>
    public static IServiceCollection AddBifrostAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .Validate(o => !o.Validate().Any(), "invalid Bifrost:Agent settings")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAppArmorKernel, AppArmorKernel>();
        services.AddSingleton(sp => new LoaderStateStore(sp.GetRequiredService<AgentOptions>().StateFile));
        services.AddSingleton<ProfileLoader>();
        services.AddSingleton<DesiredProfiles>();
        services.AddSingleton<AgentStatus>();
        services.AddSingleton<AuditStats>();
        services.AddSingleton<AuditSourceSelector>();
        services.AddSingleton<IAuditSink, LoggingAuditSink>();
        services.AddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildDefaultConfig()));
        services.AddSingleton<IClusterClient, KubernetesClusterClient>();
        services.AddSingleton<AgentMetrics>();
        services.AddHostedService<AgentWorker>();
        services.AddHostedService<AuditService>();
        return services;
    }
}
