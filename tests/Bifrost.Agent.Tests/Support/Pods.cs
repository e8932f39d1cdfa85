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
        var profiles = string.Join(',', containers.Select(c => $"\\\"{c}\\\":\\\"{ProfileNames.Learning(identity, c)}\\\""));
        var status = $"{{\\\"phase\\\":\\\"Learning\\\",\\\"workload\\\":\\\"Deployment/{workload}\\\",\\\"tracer\\\":false,\\\"profiles\\\":{{{profiles}}}}}";
        var node = nodeName is null ? "" : $"\"nodeName\":\"{nodeName}\",";
        return $$"""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"{{pod}}","namespace":"{{ns}}","annotations":{"bifrost.io/status":"{{status}}"}},
             "spec":{{{node}}"containers":[{"name":"app","image":"nginx"}]}}
            """;
    }
}
