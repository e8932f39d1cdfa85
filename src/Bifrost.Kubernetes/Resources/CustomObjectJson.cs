using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;

namespace Bifrost.Kubernetes.Resources;

/// <summary>
/// Bifrost's objects as the API server sends and takes them: the JSON is read and written with
/// <see cref="ProfileJson.Options"/>, the CRD's own field names, never the client's model conventions.
/// </summary>
public static class CustomObjectJson
{
    public static JsonElement Write<T>(T value) => JsonSerializer.SerializeToElement(value, ProfileJson.Options);

    /// <summary>Reads one object; a cluster-scoped one gets an empty namespace, which the model requires.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a <typeparamref name="T"/>; the message names the object.</exception>
    public static T Read<T>(JsonElement element, bool clusterScoped = false)
    {
        try
        {
            if (!clusterScoped)
                return element.Deserialize<T>(ProfileJson.Options) ?? throw new JsonException("null object");
            var node = JsonNode.Parse(element.GetRawText())!.AsObject();
            if (node["metadata"] is JsonObject metadata && metadata["namespace"] is null)
                metadata["namespace"] = "";
            return node.Deserialize<T>(ProfileJson.Options) ?? throw new JsonException("null object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{typeof(T).Name} {NameOf(element)} cannot be read: {e.Message}", e);
        }
    }

    /// <summary><c>metadata.resourceVersion</c> of an object or list, null when it has none.</summary>
    public static string? ResourceVersionOf(JsonElement element) => Metadata(element, "resourceVersion");

    /// <summary><c>metadata.continue</c> of a list page: set while more pages follow.</summary>
    public static string? ContinueOf(JsonElement element) => Metadata(element, "continue") is { Length: > 0 } token ? token : null;

    /// <summary><c>namespace/name</c> (or just the name), for messages.</summary>
    public static string NameOf(JsonElement element) =>
        Metadata(element, "namespace") is { Length: > 0 } ns ? $"{ns}/{Metadata(element, "name")}" : Metadata(element, "name") ?? "(unnamed)";

    public static IEnumerable<JsonElement> ItemsOf(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static string? Metadata(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
