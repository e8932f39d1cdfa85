using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>A namespace made for one test and deleted after it, with the labels the test needs.</summary>
internal sealed class TestNamespace : IAsyncDisposable
{
    private readonly IKubernetes client;

    private TestNamespace(IKubernetes client, string name)
    {
        this.client = client;
        Name = name;
    }

    public string Name { get; }

    public static async Task<TestNamespace> CreateAsync(IKubernetes client, IDictionary<string, string> labels)
    {
        var name = $"bifrost-test-{Guid.NewGuid():N}"[..24];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        return new TestNamespace(client, name);
    }

    public async ValueTask DisposeAsync() => await client.CoreV1.DeleteNamespaceAsync(Name);
}
