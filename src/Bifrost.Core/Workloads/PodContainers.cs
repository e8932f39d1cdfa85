using System.Text.Json.Nodes;

namespace Bifrost.Core.Workloads;

/// <summary>
/// The runtime container ids a pod's status names, with the container each belongs to: app, init and ephemeral
/// containers, the current run and the previous one (a restarted container's old id still names it).
/// </summary>
public sealed record PodContainers
{
    private static readonly string[] StatusLists = ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"];
    private static readonly string[] SpecLists = ["containers", "initContainers"];

    public required string Uid { get; init; }

    public required IReadOnlyDictionary<string, string> NameById { get; init; }

    /// <summary>
    /// The image, by digest as the kubelet reports it (<c>imageID</c>, without a <c>docker-pullable://</c> prefix), of
    /// each container's current run that is running.
    /// </summary>
    public IReadOnlyDictionary<string, string> RunningImageById { get; init; } = new Dictionary<string, string>();

    /// <summary>The containers Bifrost gave a profile at admission (its status annotation); null when the pod does not say.</summary>
    public IReadOnlySet<string>? Profiled { get; init; }

    /// <summary>Every container in the spec has an id in the status: an id the status does not know then belongs to none of them (the sandbox).</summary>
    public required bool AllStarted { get; init; }

    /// <summary>Reads a pod as the API server returns it (JSON).</summary>
    public static PodContainers FromPod(JsonNode pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var started = new HashSet<string>(StringComparer.Ordinal);
        var running = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var list in StatusLists)
        {
            foreach (var status in pod["status"]?[list] as JsonArray ?? [])
            {
                if (status?["name"]?.GetValue<string>() is not { } name)
                    continue;
                if (status["state"]?["running"] is JsonObject && RuntimeId(status["containerID"]?.GetValue<string>()) is { } current
                    && RuntimeId(status["imageID"]?.GetValue<string>()) is { } image)
                    running[current] = image;
                foreach (var id in new[] { status["containerID"], status["lastState"]?["terminated"]?["containerID"] })
                {
                    if (RuntimeId(id?.GetValue<string>()) is { } runtimeId)
                    {
                        names[runtimeId] = name;
                        started.Add(name);
                    }
                }
            }
        }

        var specified = SpecLists
            .SelectMany(list => pod["spec"]?[list] as JsonArray ?? [])
            .Select(c => c?["name"]?.GetValue<string>())
            .OfType<string>();
        return new PodContainers
        {
            Uid = pod["metadata"]?["uid"]?.GetValue<string>() ?? "",
            NameById = names,
            RunningImageById = running,
            AllStarted = specified.All(started.Contains),
            Profiled = ProfiledContainers(pod["metadata"]?["annotations"]?[Admission.BifrostLabels.Status]?.GetValue<string>()),
        };
    }

    private static HashSet<string>? ProfiledContainers(string? status)
    {
        try
        {
            return status is null ? null : (JsonNode.Parse(status)?["profiles"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary><c>containerd://abc…</c>, <c>cri-o://abc…</c>, <c>docker://abc…</c> → <c>abc…</c> (also an image id's <c>docker-pullable://</c>).</summary>
    public static string? RuntimeId(string? containerId)
    {
        if (string.IsNullOrEmpty(containerId))
            return null;
        var scheme = containerId.IndexOf("://", StringComparison.Ordinal);
        var id = scheme < 0 ? containerId : containerId[(scheme + 3)..];
        return id.Length == 0 ? null : id;
    }
}
