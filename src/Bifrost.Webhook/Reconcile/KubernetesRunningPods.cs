using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;

namespace Bifrost.Webhook.Reconcile;

/// <summary>
/// Every namespace's running pods, a page at a time, so a large cluster is never held in memory at once. Namespaces
/// are not filtered here: a pod may opt in by its own annotation in any namespace that is not excluded.
/// </summary>
internal sealed class KubernetesRunningPods(IKubernetes client) : IRunningPods
{
    private const int PageSize = 500;

    public async IAsyncEnumerable<JsonObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(
                continueParameter: next, fieldSelector: "status.phase=Running", limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pod in page.Items)
            {
                if (JsonNode.Parse(KubernetesJson.Serialize(pod)) is JsonObject json)
                    yield return json;
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
    }
}
