using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// Reads what a container used from any of: a plain list of absolute paths, one per line (<c>#</c> comments allowed);
/// the JSON array <c>bifrost learn --format observations</c> prints; a BifrostProfile as JSON (its status holds the
/// observed files per container); or a Kubescape ContainerProfile or ApplicationProfile (<c>execs</c> and <c>opens</c>).
/// </summary>
public static class SeenFiles
{
    /// <param name="text">The input; YAML must already be converted to JSON.</param>
    /// <param name="container">Only this container's files; null for all containers in the input.</param>
    /// <exception cref="FormatException">The text is none of these, or names no such container.</exception>
    public static SeenInput Parse(string text, string? container = null)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('[') && !trimmed.StartsWith('{'))
            return PathList(text);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        return root switch
        {
            JsonArray => Observations(text, container),
            JsonObject o when Kind(o) == BifrostProfile.KindName => Profile(text, container),
            JsonObject o when Kind(o) is "ContainerProfile" or "ApplicationProfile" => Kubescape(o, container),
            _ => throw new FormatException("neither a path list, observations, a BifrostProfile nor a Kubescape ContainerProfile or ApplicationProfile"),
        };
    }

    private static SeenInput PathList(string text)
    {
        var files = new List<SeenFile>();
        foreach (var (raw, number) in text.Split('\n').Select((l, i) => (l.Trim(), i + 1)))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
                continue;
            if (!raw.StartsWith('/'))
                throw new FormatException($"line {number}: a path list holds absolute paths, one per line, not '{Shorten(raw)}'");
            files.Add(new SeenFile(raw, Executed: false));
        }

        return new SeenInput { Source = "path list", Files = files };
    }

    private static SeenInput Observations(string text, string? container)
    {
        IReadOnlyList<Observation> observations;
        try
        {
            observations = ObservationJson.Deserialize(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a JSON array of observations: {e.Message}", e);
        }

        var selected = observations.Where(o => container is null || o.Container == container).ToList();
        if (container is not null && selected.Count == 0 && observations.Count > 0)
            throw new FormatException($"no observations of container '{container}'; the input has {string.Join(", ", observations.Select(o => o.Container).Distinct(StringComparer.Ordinal))}");
        return new SeenInput { Source = "observations", Files = Of(selected) };
    }

    private static SeenInput Profile(string text, string? container)
    {
        BifrostProfile profile;
        try
        {
            profile = JsonSerializer.Deserialize<BifrostProfile>(text, ProfileJson.Options) ?? throw new FormatException("an empty BifrostProfile");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a readable BifrostProfile: {e.Message}", e);
        }

        var status = profile.Status;
        var containers = status.Containers.Where(c => container is null || c.Name == container).ToList();
        if (container is not null && containers.Count == 0)
            throw new FormatException($"no container '{container}' in BifrostProfile {profile.Metadata.Name}; it has {(status.Containers.Count == 0 ? "none" : string.Join(", ", status.Containers.Select(c => c.Name)))}");

        var problems = new List<string>();
        if (status.Phase is ProfilePhase.Learning or ProfilePhase.Relearning or ProfilePhase.RolledBack)
            problems.Add($"the profile is still learning (phase {status.Phase})");
        if (status.Phase == ProfilePhase.Off)
            problems.Add("Bifrost is off for this workload (phase Off): what it learned may be stale");
        if (status.Conditions.FirstOrDefault(c => c.Type == ProfileCondition.TracerUnavailable && c.IsTrue) is { } tracer)
            problems.Add($"the profile is partial: {tracer.Message ?? "a tracer could not attach"}");
        foreach (var c in containers.Where(c => c.StartMissed))
            problems.Add($"the profile is partial: a tracer attached after container {c.Name} started");
        foreach (var c in containers.Where(c => c.DroppedEvents > 0))
            problems.Add($"container {c.Name} dropped {c.DroppedEvents} events while learning");

        return new SeenInput
        {
            Source = $"BifrostProfile {profile.Metadata.Namespace}/{profile.Metadata.Name}",
            Files = Of(containers.SelectMany(c => c.Observed)),
            Window = WindowOf(status, containers, profile.Metadata.CreationTimestamp),
            Problems = problems,
        };
    }

    private static SeenInput Kubescape(JsonObject profile, string? container)
    {
        var spec = profile["spec"] as JsonObject ?? new JsonObject();
        var kind = Kind(profile);
        var parts = new List<JsonObject>();
        if (kind == "ContainerProfile")
            parts.Add(spec);
        else
        {
            foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
            {
                parts.AddRange((spec[list] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                    .Where(c => container is null || (string?)c["name"] == container));
            }

            if (container is not null && parts.Count == 0)
                throw new FormatException($"no container '{container}' in the ApplicationProfile");
        }

        var files = new List<SeenFile>();
        foreach (var part in parts)
        {
            files.AddRange((part["execs"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(e => (string?)e["path"]).OfType<string>().Select(p => new SeenFile(p, true)));
            files.AddRange((part["opens"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(o => (string?)o["path"]).OfType<string>().Select(p => new SeenFile(p, false)));
        }

        var annotations = profile["metadata"]?["annotations"] as JsonObject;
        var problems = new List<string>();
        if ((string?)annotations?["kubescape.io/status"] is "learning" or "initializing")
            problems.Add($"the profile is still learning (kubescape.io/status: {(string?)annotations?["kubescape.io/status"]})");
        if ((string?)annotations?["kubescape.io/completion"] == "partial")
            problems.Add("the profile is partial (kubescape.io/completion: partial): the container started before it was watched");
        // The object's creation time is not when watching began or ended, so no window is claimed from it.
        var created = (string?)profile["metadata"]?["creationTimestamp"] is { Length: > 0 } stamp ? $", created {stamp}" : "";
        return new SeenInput
        {
            Source = $"Kubescape {kind} {(string?)profile["metadata"]?["name"]}{created}",
            Files = files,
            Problems = problems,
        };
    }

    /// <summary>
    /// When a profile's containers were watched: from learning start (or the object's creation) to the start of
    /// Stable or Enforcing, over the most pods any of them was seen in. An end is claimed only once learning stopped.
    /// </summary>
    public static ObservationWindow WindowOf(BifrostProfileStatus status, IReadOnlyCollection<ContainerProfileStatus> containers, DateTimeOffset? created = null)
    {
        var to = status.Phase is ProfilePhase.Stable or ProfilePhase.Enforcing ? status.PhaseSince : null;
        return new ObservationWindow(status.LearningSince ?? created, to, containers.Count == 0 ? null : containers.Max(c => c.Pods));
    }

    /// <summary>The files observations name, each marked executed when it was run or mapped executable.</summary>
    public static List<SeenFile> Of(IEnumerable<Observation> observations)
    {
        var files = new List<SeenFile>();
        foreach (var observation in observations)
        {
            switch (observation)
            {
                case FileObservation file:
                    files.Add(new SeenFile(file.Path, (file.Access & (AccessMask.Exec | AccessMask.MmapExec)) != 0));
                    break;
                case ExecObservation exec:
                    files.Add(new SeenFile(exec.Path, true));
                    if (exec.Interpreter is { } interpreter)
                        files.Add(new SeenFile(interpreter, true));
                    break;
            }
        }

        return files;
    }

    private static string? Kind(JsonObject o) => o["kind"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
