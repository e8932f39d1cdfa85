using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Local mode: pods are JSON files <c>&lt;namespace&gt;_&lt;name&gt;.json</c> in <c>Bifrost:Pods:Directory</c>, as the
/// API server would return them (<c>kubectl get pod -o json</c>); without the directory no pod is known.
/// </summary>
internal sealed class LocalPodReader(string? directory) : IPodReader
{
    public async Task<JsonNode?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(directory))
            return null;
        var path = Path.Combine(directory, $"{@namespace}_{name}.json");
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
                return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }
}
