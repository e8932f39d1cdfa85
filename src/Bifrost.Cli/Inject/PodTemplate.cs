using System.Text.Json.Nodes;

namespace Bifrost.Cli.Inject;

/// <summary>
/// Where an object keeps the pod it runs and how such a pod would name its owner. The webhook only ever sees
/// pods, and finds the workload from their owner references; a synthetic pod with the same owner makes a
/// template get exactly the profile names its pods will get.
/// </summary>
internal sealed record PodTemplate(JsonObject Target, string OwnerKind, string OwnerName, string? TemplateHash)
{
    // A ReplicaSet made by a Deployment is named "<deployment>-<pod-template-hash>"; any hash will do.
    private const string DeploymentHash = "bifrost";

    // A Job made by a CronJob is named "<cronjob>-<scheduled minutes since the epoch>".
    private const string CronJobSchedule = "29000000";

    /// <summary>The pod (or pod template) inside <paramref name="resource"/>, or null for kinds that run no pods.</summary>
    public static PodTemplate? Find(JsonObject resource, string kind, string name)
    {
        if (kind == "Pod")
            return new PodTemplate(resource, "", "", null);
        var target = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" =>
                Child(Child(resource, "spec"), "template"),
            "CronJob" => Child(Child(Child(Child(resource, "spec"), "jobTemplate"), "spec"), "template"),
            _ => null,
        };
        return (kind, target) switch
        {
            (_, null) => null,
            ("Deployment", _) => new PodTemplate(target, "ReplicaSet", $"{name}-{DeploymentHash}", DeploymentHash),
            ("CronJob", _) => new PodTemplate(target, "Job", $"{name}-{CronJobSchedule}", null),
            _ => new PodTemplate(target, kind, name, null),
        };
    }

    public bool IsPod => OwnerKind.Length == 0;

    /// <summary>The pod the API server would see: the template's metadata and spec, owned as a controller would own it.</summary>
    public JsonObject ToPod()
    {
        if (IsPod)
            return Target;
        var metadata = Target["metadata"] is JsonObject own ? (JsonObject)own.DeepClone() : [];
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = OwnerKind is "Job" ? "batch/v1" : OwnerKind is "ReplicationController" ? "v1" : "apps/v1",
            ["kind"] = OwnerKind,
            ["name"] = OwnerName,
            ["controller"] = true,
        });
        if (TemplateHash is { } hash)
        {
            if (metadata["labels"] is not JsonObject labels)
                metadata["labels"] = labels = [];
            labels["pod-template-hash"] = hash;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = Target["spec"]?.DeepClone(),
        };
    }

    private static JsonObject? Child(JsonObject? parent, string name) => parent?[name] as JsonObject;
}
