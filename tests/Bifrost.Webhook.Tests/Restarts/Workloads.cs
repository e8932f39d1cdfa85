using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Tests.Restarts;

/// <summary>Workload objects as the API server holds them, and profiles that point at them.</summary>
internal static class Workloads
{
    public static string Plural(string kind) => kind.ToLowerInvariant() + "s";

    public static JsonObject Object(string kind, string @namespace, string name, bool optedIn) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["annotations"] = optedIn
                ? new JsonObject { ["bifrost.io/restart-on-enforce"] = "true", ["team"] = "payments" }
                : new JsonObject { ["team"] = "payments" },
        },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name }, ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
            },
        },
    };

    public static BifrostProfile Profile(string kind, string @namespace, string name, bool specOptIn = false, bool annotationOptIn = false) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = BifrostProfile.NameFor(new Core.Workloads.WorkloadIdentity(@namespace, kind, name)),
            Namespace = @namespace,
            Annotations = annotationOptIn ? new Dictionary<string, string> { ["bifrost.io/restart-on-enforce"] = "true" } : null,
        },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference(kind, name), RestartOnEnforce = specOptIn },
    };
}
