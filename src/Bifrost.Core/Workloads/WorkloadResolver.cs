using System.Text.Json;
using System.Text.Json.Nodes;
using static Bifrost.Core.Admission.JsonText;

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
        ArgumentNullException.ThrowIfNull(pod);
        return Resolve(ToElement(pod), @namespace);
    }

    /// <summary>The workload of a pod read from a review's bytes, without building its nodes.</summary>
    internal static WorkloadIdentity Resolve(JsonElement pod, string @namespace)
    {
        var metadata = Object(pod, "metadata"u8);
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

    private static string BarePodName(JsonElement? metadata)
    {
        // Text, not GetString: a name that is not a string must not fault the mutator (the pod would pass unchanged).
        if (Text(metadata, "name"u8) is { Length: > 0 } name)
            return name;
        var generateName = Text(metadata, "generateName"u8) ?? "";
        return generateName.TrimEnd('-') is { Length: > 0 } trimmed ? trimmed : "unnamed";
    }

    private static (string? Kind, string? Name) ControllerOwner(JsonElement? metadata)
    {
        if (Property(metadata, "ownerReferences"u8) is not { ValueKind: JsonValueKind.Array } owners)
            return default;
        JsonElement? first = null;
        foreach (var owner in owners.EnumerateArray())
        {
            if (owner.ValueKind != JsonValueKind.Object)
                continue;
            first ??= owner;
            if (IsTrue(owner, "controller"u8))
                return (Text(owner, "kind"u8), Text(owner, "name"u8));
        }

        return first is { } found ? (Text(found, "kind"u8), Text(found, "name"u8)) : default;
    }

    private static string? Label(JsonElement? metadata, string key) => Text(Object(metadata, "labels"u8), key);
}
