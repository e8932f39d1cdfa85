using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Reconcile;

/// <summary>The cluster's running pods, as the API server returns them.</summary>
internal interface IRunningPods
{
    IAsyncEnumerable<JsonObject> ListAsync(CancellationToken cancellationToken);
}
