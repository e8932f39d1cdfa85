using System.Text.Json.Nodes;

namespace Bifrost.Core.Workloads;

/// <summary>
/// Finds a pod's workload from the pod alone (owner references, <c>pod-template-hash</c>, Job naming),
/// so the admission path never calls the API server.
/// </summary>
public static class WorkloadResolver
{
    private const string PodTemplateHash = "pod-template-hash";

    public static WorkloadIdentity Resolve(JsonObject pod, string @namespace)
    {
        var metadata = pod["metadata"] as JsonObject;
        var owner = ControllerOwner(metadata);
        if (owner is { Kind: { } kind, Name: { } name })
        {
            return kind switch
            {
                "ReplicaSet" => FromReplicaSet(@namespace, name, Label(metadata, PodTemplateHash)),
                "Job" => FromJob(@namespace, name),
                _ => new WorkloadIdentity(@namespace, kind, name),
            };
        }

        return new WorkloadIdentity(@namespace, "Pod", BarePodName(metadata));
    }

    private static WorkloadIdentity FromReplicaSet(string @namespace, string replicaSet, string? templateHash)
    {
        // A Deployment names its ReplicaSets "<deployment>-<pod-template-hash>".
        var suffix = "-" + templateHash;
        return templateHash is { Length: > 0 } && replicaSet.EndsWith(suffix, StringComparison.Ordinal) && replicaSet.Length > suffix.Length
            ? new WorkloadIdentity(@namespace, "Deployment", replicaSet[..^suffix.Length])
            : new WorkloadIdentity(@namespace, "ReplicaSet", replicaSet);
    }

    private static WorkloadIdentity FromJob(string @namespace, string job)
    {
        // A CronJob names its Jobs "<cronjob>-<scheduled time in minutes since the epoch>".
        var dash = job.LastIndexOf('-');
        var suffix = dash > 0 ? job.AsSpan(dash + 1) : [];
        return suffix.Length >= 8 && !suffix.ContainsAnyExceptInRange('0', '9')
            ? new WorkloadIdentity(@namespace, "CronJob", job[..dash])
            : new WorkloadIdentity(@namespace, "Job", job);
    }

    private static string BarePodName(JsonObject? metadata)
    {
        // Text, not GetValue: a name that is not a string must not fault the mutator (the pod would pass unchanged).
        if (Text(metadata?["name"]) is { Length: > 0 } name)
            return name;
        var generateName = Text(metadata?["generateName"]) ?? "";
        return generateName.TrimEnd('-') is { Length: > 0 } trimmed ? trimmed : "unnamed";
    }

    private static (string? Kind, string? Name) ControllerOwner(JsonObject? metadata)
    {
        if (metadata?["ownerReferences"] is not JsonArray owners)
            return default;
        JsonObject? first = null;
        foreach (var node in owners)
        {
            if (node is not JsonObject owner)
                continue;
            first ??= owner;
            if (owner["controller"] is JsonValue controller && controller.TryGetValue<bool>(out var isController) && isController)
                return (Text(owner["kind"]), Text(owner["name"]));
        }

        return first is null ? default : (Text(first["kind"]), Text(first["name"]));
    }

    private static string? Label(JsonObject? metadata, string key) =>
        metadata?["labels"] is JsonObject labels ? Text(labels[key]) : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
