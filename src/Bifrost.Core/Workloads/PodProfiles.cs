using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Workloads;

/// <summary>
/// Reads the profiles a pod's containers were given from its <c>bifrost.io/status</c> annotation, as admission
/// wrote it: <c>{"workload":"Kind/Name","profiles":{"container":"profile"}}</c>. The namespace is the pod's own,
/// since the annotation names only kind and name. A pod not admitted by Bifrost, or an annotation someone edited
/// into a shape this does not know, gives nothing: a watch must never stop on one odd pod.
/// </summary>
public static class PodProfiles
{
    public static IReadOnlyList<PodProfile> Read(JsonNode? pod)
    {
        try
        {
            return ReadUnchecked(pod);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return [];
        }
    }

    private static List<PodProfile> ReadUnchecked(JsonNode? pod)
    {
        if (pod?["metadata"] is not JsonObject metadata
            || metadata["namespace"] is not JsonValue nsValue || !nsValue.TryGetValue<string>(out var @namespace) || @namespace.Length == 0
            || metadata["annotations"]?[BifrostLabels.Status] is not JsonValue statusValue || !statusValue.TryGetValue<string>(out var statusText))
            return [];

        if (JsonNode.Parse(statusText) is not JsonObject status
            || status["workload"] is not JsonValue workloadValue || !workloadValue.TryGetValue<string>(out var workloadText)
            || status["profiles"] is not JsonObject profiles)
            return [];

        var slash = workloadText.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == workloadText.Length - 1 || workloadText.IndexOf('/', slash + 1) >= 0)
            return [];
        var workload = new WorkloadIdentity(@namespace, workloadText[..slash], workloadText[(slash + 1)..]);

        var result = new List<PodProfile>();
        foreach (var (container, value) in profiles)
        {
            if (container.Length == 0 || value is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || !ProfileNames.IsBifrost(name))
                continue;
            result.Add(new PodProfile(name, workload, container, ProfileNames.IsLearning(name)));
        }

        return result;
    }
}
