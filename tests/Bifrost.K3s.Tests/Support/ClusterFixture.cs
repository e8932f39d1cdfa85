using k8s;
using Testcontainers.K3s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>One API server for the cluster tests: the KUBECONFIG cluster, or a k3s container started for the run.</summary>
public sealed class ClusterFixture : IAsyncLifetime, IDisposable
{
    // 1.31: webhook matchConditions are GA (1.30) and the appArmorProfile field exists.
    private const string K3sImage = "rancher/k3s:v1.31.4-k3s1";

    private K3sContainer? container;
    private k8s.Kubernetes? client;

    public IKubernetes Client => client ?? throw new InvalidOperationException("no cluster is available: " + ClusterAvailability.Unavailable);

    public async Task InitializeAsync()
    {
        switch (ClusterAvailability.Source)
        {
            case ClusterSource.Kubeconfig:
                client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterAvailability.KubeconfigPath));
                break;
            case ClusterSource.K3sContainer:
                container = new K3sBuilder(K3sImage).Build();
                await container.StartAsync();
                using (var kubeconfig = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await container.GetKubeconfigAsync())))
                    client = new k8s.Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig));
                break;
        }
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (container is not null)
            await container.DisposeAsync();
    }

    public void Dispose() => client?.Dispose();
}
