using System.Text.Json.Nodes;
using Bifrost.Cli.Manifests;

namespace Bifrost.Cli.Tests.Install;

/// <summary>A YAML stream of Kubernetes objects keyed by kind, namespace and name, read as the CLI reads manifests.</summary>
internal static class RenderedObjects
{
    public static Dictionary<string, JsonObject> Read(string yaml)
    {
        var objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var chunk in YamlChunk.Split(yaml))
        {
            if (YamlReader.Read(chunk.Body, out var present) is JsonObject item && present)
                objects.Add(Key(item), item);
        }

        return objects;
    }

    public static string Key(JsonObject item) =>
        $"{(string?)item["kind"]} {(string?)item["metadata"]?["namespace"]}/{(string?)item["metadata"]?["name"]}";
}
