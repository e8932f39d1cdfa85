using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Tests.Reconcile;

/// <summary>Pods as the API server returns them once they run, admitted by Bifrost or not.</summary>
internal static class RunningPods
{
    public const string LearnProfile = "bifrost_shop_deployment_web_app_learn";

    /// <summary>A pod of Deployment <paramref name="deployment"/>, owned through its ReplicaSet.</summary>
    public static JsonObject OfDeployment(string @namespace, string deployment, string suffix, bool admitted = false) =>
        Pod(@namespace, $"{deployment}-5d8f7c9b4-{suffix}", admitted,
            new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{deployment}-5d8f7c9b4", ["controller"] = true, ["uid"] = "rs-" + deployment },
            new JsonObject { ["pod-template-hash"] = "5d8f7c9b4" });

    public static JsonObject Owned(string @namespace, string name, string kind, string owner) =>
        Pod(@namespace, name, admitted: false,
            new JsonObject { ["apiVersion"] = kind == "Job" ? "batch/v1" : "apps/v1", ["kind"] = kind, ["name"] = owner, ["controller"] = true, ["uid"] = "owner-" + owner });

    public static JsonObject Bare(string @namespace, string name) => Pod(@namespace, name, admitted: false, owner: null);

    private static JsonObject Pod(string @namespace, string name, bool admitted, JsonObject? owner, JsonObject? labels = null)
    {
        var annotations = new JsonObject();
        var container = new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" };
        if (admitted)
        {
            annotations["bifrost.io/status"] = new JsonObject
            {
                ["phase"] = "Learning",
                ["workload"] = "Deployment/web",
                ["tracer"] = true,
                ["profiles"] = new JsonObject { ["app"] = LearnProfile },
            }.ToJsonString();
            container["securityContext"] = new JsonObject { ["appArmorProfile"] = new JsonObject { ["type"] = "Localhost", ["localhostProfile"] = LearnProfile } };
        }

        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["uid"] = Guid.NewGuid().ToString(),
            ["labels"] = labels ?? new JsonObject(),
            ["annotations"] = annotations,
        };
        if (owner is not null)
            metadata["ownerReferences"] = new JsonArray(owner);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = "n1", ["containers"] = new JsonArray(container) },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };
    }

    public static JsonObject With(this JsonObject pod, Action<JsonObject> change)
    {
        change(pod);
        return pod;
    }
}
