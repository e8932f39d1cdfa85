using k8s;
using Testcontainers.K3s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>One API server for the cluster tests: the KUBECONFIG cluster, or a k3s container started for the run.</summary>
public sealed class ClusterFixture : IAsyncLifetime, IDisposable
{
    // 1.31: webhook matchConditions are GA (1.30) and the appArmorProfile field exists.
    private const string K3sImage = "rancher/k3s:v1.31.4-k3s1";

    private K3sContainer? _container;
    private Kubernetes? _client;

    public IKubernetes Client => _client ?? throw new InvalidOperationException("no cluster is available: " + ClusterAvailability.Unavailable);

    public async Task InitializeAsync()
    {
        switch (ClusterAvailability.Source)
        {
            case ClusterSource.Kubeconfig:
                _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterAvailability.KubeconfigPath));
                break;
            case ClusterSource.K3sContainer:
                _container = new K3sBuilder(K3sImage).Build();
                await _container.StartAsync();
                using (var kubeconfig = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await _container.GetKubeconfigAsync())))
                    _client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig));
                break;
        }
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_container is not null)
            await _container.DisposeAsync();
    }

    public void Dispose() => _client?.Dispose();
}
