using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Intake;

/// <summary>Reads a pod as the API server returns it, to name the containers a tracer reports by runtime id.</summary>
internal interface IPodReader
{
    /// <summary>The pod's JSON, or null when there is no such pod.</summary>
    Task<JsonNode?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken);
}
