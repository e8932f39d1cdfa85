using System.Text.Json.Nodes;
using Bifrost.Agent.Cluster;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Tests.Support;

/// <summary>Pods as the pod watch reports them: a Deployment's pod whose containers were given their own learning profiles.</summary>
internal static class Pods
{
    public static NodePod Learning(string ns, string workload, string pod, params string[] containers)
    {
        var identity = new WorkloadIdentity(ns, "Deployment", workload);
        return new NodePod(ns, pod, [.. containers.Select(c => new PodProfile(ProfileNames.Learning(identity, c), identity, c, IsLearning: true))]);
    }

    /// <summary>The pod's JSON as the API server returns it, with the status annotation admission writes.</summary>
    public static string Json(string ns, string workload, string pod, string? nodeName, params string[] containers)
    {
        var identity = new WorkloadIdentity(ns, "Deployment", workload);
        var profiles = new JsonObject();
        foreach (var container in containers)
            profiles[container] = ProfileNames.Learning(identity, container);
        var status = new JsonObject { ["phase"] = "Learning", ["workload"] = $"Deployment/{workload}", ["tracer"] = false, ["profiles"] = profiles };
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx" }) };
        if (nodeName is not null)
            spec["nodeName"] = nodeName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = ns, ["annotations"] = new JsonObject { ["bifrost.io/status"] = status.ToJsonString() } },
            ["spec"] = spec,
        }.ToJsonString();
    }
}
