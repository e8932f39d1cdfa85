using System.Text.Json;
using static Bifrost.Core.Admission.JsonText;

namespace Bifrost.Core.Admission;

/// <summary>Read-only questions about a pod's raw JSON, tolerant of missing or oddly typed fields.</summary>
internal sealed class PodView(JsonElement pod)
{
    private readonly JsonElement? spec = Object(pod, "spec"u8);
    private readonly JsonElement? annotations = Object(Object(pod, "metadata"u8), "annotations"u8);

    public bool HasAnnotations => annotations is not null;

    public bool HostNetwork => IsTrue(spec, "hostNetwork"u8);

    public bool IsWindows =>
        Text(Object(spec, "os"u8), "name"u8) == "windows" ||
        Text(Object(spec, "nodeSelector"u8), BifrostLabels.OsLabel) == "windows";

    /// <summary>The type of a pod-level <c>securityContext.appArmorProfile</c>, which every container inherits.</summary>
    public string? PodLevelAppArmorType => AppArmorType(spec);

    public string? Annotation(string key) => Text(annotations, key);

    public bool HasList(string field) => Property(spec, field)?.ValueKind == JsonValueKind.Array;

    public bool HasContainer(string name) =>
        Containers("initContainers").Concat(Containers("containers")).Any(c => c.Name == name);

    /// <summary>Init containers (including native sidecars) first, then containers, in spec order.</summary>
    public IEnumerable<ContainerRef> AppContainers() =>
        Containers("initContainers").Concat(Containers("containers")).Where(c => c.Name != BifrostLabels.TracerContainerName);

    private IEnumerable<ContainerRef> Containers(string list)
    {
        if (Property(spec, list) is not { ValueKind: JsonValueKind.Array } containers)
            yield break;
        var i = 0;
        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind == JsonValueKind.Object && Text(container, "name"u8) is { Length: > 0 } name)
                yield return new ContainerRef(list, i, name, container);
            i++;
        }
    }

    private static string? AppArmorType(JsonElement? owner) =>
        Object(Object(owner, "securityContext"u8), "appArmorProfile"u8) is { } profile
            ? Text(profile, "localhostProfile"u8) is { Length: > 0 } local ? $"localhost/{local}" : Text(profile, "type"u8) ?? "set"
            : null;

    internal sealed record ContainerRef(string List, int Index, string Name, JsonElement Json)
    {
        public string Pointer => $"/spec/{List}/{Index}";

        public bool HasSecurityContext => Object(Json, "securityContext"u8) is not null;

        public string? AppArmorType => PodView.AppArmorType(Json);

        public string? Image => Text(Json, "image"u8);
    }
}
