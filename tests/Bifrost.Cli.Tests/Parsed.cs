using System.Text.Json.Nodes;
using Bifrost.Cli.Manifests;

namespace Bifrost.Cli.Tests;

/// <summary>Reads the CLI's output back for assertions.</summary>
internal static class Parsed
{
    public static List<JsonObject> Documents(string yaml) =>
        [.. YamlChunk.Split(yaml)
            .Select(chunk => YamlReader.Read(chunk.Body, out var present) is JsonObject root && present ? root : null)
            .OfType<JsonObject>()];

    public static JsonObject Container(JsonNode podSpec, string name) =>
        ((podSpec["initContainers"] as JsonArray ?? []).Concat(podSpec["containers"] as JsonArray ?? []))
            .OfType<JsonObject>()
            .Single(c => (string?)c["name"] == name);

    public static string? Env(JsonObject container, string name) =>
        (string?)container["env"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["name"] == name)["value"];

    public static string? LocalhostProfile(JsonObject container) =>
        (string?)container["securityContext"]?["appArmorProfile"]?["localhostProfile"];
}
