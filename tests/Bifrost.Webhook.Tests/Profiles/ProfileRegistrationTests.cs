using Bifrost.Webhook.Profiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>Which store the webhook uses: the local directory without a cluster, the CRD and its caches with one.</summary>
public sealed class ProfileRegistrationTests
{
    [Fact]
    public void AddBifrostProfiles_WithoutACluster_UsesTheDirectoryFromTheSetting()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bifrost-profiles-setting");
        using var provider = Build(new() { ["Bifrost:Kubernetes:Enabled"] = "false", ["Bifrost:Profiles:Directory"] = directory });

        var store = Assert.IsType<LocalProfileStore>(provider.GetRequiredService<IProfileStore>());

        Assert.Equal(directory, store.Root);
        Assert.Empty(provider.GetServices<IHostedService>());
        Assert.Null(provider.GetService<ProfileCache>());
    }

    [Fact]
    public void AddBifrostProfiles_WithoutACluster_DefaultsToArtifactsProfilesUnderTheWorkingDirectory()
    {
        using var provider = Build(new() { ["Bifrost:Kubernetes:Enabled"] = "false" });

        var store = Assert.IsType<LocalProfileStore>(provider.GetRequiredService<IProfileStore>());

        Assert.Equal(Path.GetFullPath(Path.Combine("artifacts", "profiles")), store.Root);
    }

    [Fact]
    public void AddBifrostProfiles_EmptyDirectorySetting_FailsNamingTheSetting()
    {
        using var provider = Build(new() { ["Bifrost:Kubernetes:Enabled"] = "false", ["Bifrost:Profiles:Directory"] = " " });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProfileStoreOptions>>().Value);

        Assert.Contains("Bifrost:Profiles:Directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBifrostProfiles_InACluster_UsesTheCrdStoreAndStartsThreeInformers()
    {
        using var provider = Build(new() { ["Bifrost:Kubernetes:Enabled"] = "true" }, new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }));

        Assert.IsType<KubernetesProfileStore>(provider.GetRequiredService<IProfileStore>());
        Assert.Equal(3, provider.GetServices<IHostedService>().Count(s => s.GetType().IsGenericType && s.GetType().GetGenericTypeDefinition() == typeof(ProfileCacheInformer<>)));
        Assert.False(provider.GetRequiredService<ProfileCache>().IsSynced);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, k8s.IKubernetes? client = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Prometheus.IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        services.AddBifrostProfiles(configuration);
        if (client is not null)
            services.AddSingleton(client);
        return services.BuildServiceProvider();
    }
}
