using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Bifrost.Webhook.Intake;

/// <summary>Reads pods from the API server: the webhook's service account may get pods, the tracers' may not.</summary>
internal sealed class KubernetesPodReader(IKubernetes client) : IPodReader
{
    public async Task<JsonNode?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(KubernetesJson.Serialize(pod));
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
