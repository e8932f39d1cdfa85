using System.Text.Json.Nodes;

namespace Bifrost.Core.Admission;

/// <summary>Read-only questions about a pod's raw JSON, tolerant of missing or oddly typed fields.</summary>
internal sealed class PodView(JsonObject pod)
{
    private readonly JsonObject? metadata = pod["metadata"] as JsonObject;
    private readonly JsonObject? spec = pod["spec"] as JsonObject;

    public bool HasAnnotations => metadata?["annotations"] is JsonObject;

    public bool HostNetwork => spec?["hostNetwork"] is JsonValue value && value.TryGetValue<bool>(out var on) && on;

    public bool IsWindows =>
        Text((spec?["os"] as JsonObject)?["name"]) == "windows" ||
        Text((spec?["nodeSelector"] as JsonObject)?[BifrostLabels.OsLabel]) == "windows";

    /// <summary>The type of a pod-level <c>securityContext.appArmorProfile</c>, which every container inherits.</summary>
    public string? PodLevelAppArmorType => AppArmorType(spec);

    public string? Annotation(string key) =>
        metadata?["annotations"] is JsonObject annotations ? Text(annotations[key]) : null;

    public bool HasList(string field) => spec?[field] is JsonArray;

    public bool HasContainer(string name) =>
        Containers("initContainers").Concat(Containers("containers")).Any(c => c.Name == name);

    /// <summary>Init containers (including native sidecars) first, then containers, in spec order.</summary>
    public IEnumerable<ContainerRef> AppContainers() =>
        Containers("initContainers").Concat(Containers("containers")).Where(c => c.Name != BifrostLabels.TracerContainerName);

    private IEnumerable<ContainerRef> Containers(string list)
    {
        if (spec?[list] is not JsonArray containers)
            yield break;
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is JsonObject container && Text(container["name"]) is { Length: > 0 } name)
                yield return new ContainerRef($"/spec/{list}/{i}", name, container);
        }
    }

    private static string? AppArmorType(JsonObject? owner) =>
        owner?["securityContext"] is JsonObject context && context["appArmorProfile"] is JsonObject profile
            ? Text(profile["localhostProfile"]) is { Length: > 0 } local ? $"localhost/{local}" : Text(profile["type"]) ?? "set"
            : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    internal sealed record ContainerRef(string Pointer, string Name, JsonObject Json)
    {
        public bool HasSecurityContext => Json["securityContext"] is JsonObject;

        public string? AppArmorType => PodView.AppArmorType(Json);

        public string? Image => Text(Json["image"]);
    }
}
