using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Kernel;
using Bifrost.Agent.Loading;
using Bifrost.Agent.Packages;
using Bifrost.Agent.Reporting;
using Bifrost.Core.Observations;
using Bifrost.Reporting;
using Bifrost.Kubernetes;
using Microsoft.Extensions.Options;

namespace Bifrost.Agent.Hosting;

internal static class AgentServiceCollectionExtensions
{
    /// <summary>The node agent: options validated at start, the loader, the audit reader, the cluster client (API server or local directories) and the main loop.</summary>
    public static IServiceCollection AddBifrostAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AgentOptions>(configuration, AgentOptions.SectionName, o => o.Validate());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentOptions>>().Value);
        services.AddKubernetesOptions(configuration);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KubernetesOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAppArmorKernel, AppArmorKernel>();
        services.AddSingleton(sp => new LoaderStateStore(sp.GetRequiredService<AgentOptions>().StateFile));
        services.AddSingleton<ProfileLoader>();
        services.AddSingleton<DesiredProfiles>();
        services.AddSingleton<AgentStatus>();
        services.AddSingleton<UninstallSignal>();
        services.AddSingleton<AuditStats>();
        services.AddSingleton<AuditSourceSelector>();
        services.AddSingleton<IAuditSink>(AuditSink);
        services.AddKubernetesClient(configuration);
        services.AddSingleton<IClusterClient>(ClusterClient);
        services.AddSingleton<AgentMetrics>();
        services.AddHostedService<AgentWorker>();
        services.AddHostedService<AuditService>();
        services.AddSingleton<PackageSubjects>();
        services.AddSingleton<PackageStats>();
        var agent = configuration.GetSection(AgentOptions.SectionName);
        if (agent.GetValue<TimeSpan?>(nameof(AgentOptions.PackageScanInterval)) != TimeSpan.Zero && !string.IsNullOrEmpty(agent[nameof(AgentOptions.ReportEndpoint)]))
            services.AddHostedService(PackageScanner);
        return services;
    }

    /// <summary>The package scan reports to the same intake as the audit records.</summary>
    private static PackageScanner PackageScanner(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<AgentOptions>();
        var http = ReportHttpClient.Create(options.CaFile.Length == 0 ? null : options.CaFile);
        return ActivatorUtilities.CreateInstance<PackageScanner>(provider, new ReportSender(http, new Uri(options.ReportEndpoint), options.TokenFile));
    }

    /// <summary>Directories and a file in local mode, else the API server.</summary>
    private static IClusterClient ClusterClient(IServiceProvider provider)
    {
        var local = provider.GetRequiredService<AgentOptions>().Local;
        if (!local.Enabled)
            return ActivatorUtilities.CreateInstance<KubernetesClusterClient>(provider);
        var logger = provider.GetRequiredService<ILogger<LocalClusterClient>>();
        ClusterLog.LocalMode(logger, local.ProfilesDirectory, local.PodsDirectory, local.NodeStatusFile);
        return new LocalClusterClient(local, provider.GetRequiredService<TimeProvider>(), logger);
    }

    /// <summary>The webhook's intake when one is configured, else the log.</summary>
    private static IAuditSink AuditSink(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<AgentOptions>();
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        if (options.ReportEndpoint.Length == 0)
        {
            ReportingLog.NotReporting(loggers.CreateLogger<IntakeAuditSink>());
            return new LoggingAuditSink(loggers.CreateLogger<LoggingAuditSink>());
        }

        var endpoint = new Uri(options.ReportEndpoint);
        var agent = new ReportPod { Namespace = options.PodNamespace, Name = options.PodName, Uid = options.PodUid, Node = options.NodeName };
        var time = provider.GetRequiredService<TimeProvider>();
        var http = ReportHttpClient.Create(options.CaFile.Length == 0 ? null : options.CaFile);
        var logger = loggers.CreateLogger<IntakeAuditSink>();
        ReportingLog.Reporting(logger, endpoint, options.PodNamespace, options.PodName);
        return new IntakeAuditSink(
            new AuditReports(agent, provider.GetRequiredService<DesiredProfiles>().OwnerOf, time),
            new ReportSender(http, endpoint, options.TokenFile),
            provider.GetRequiredService<AuditStats>(), options, time, logger);
    }
}
