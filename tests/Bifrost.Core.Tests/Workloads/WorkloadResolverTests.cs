using System.Text.Json.Nodes;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Workloads;

public sealed class WorkloadResolverTests
{
    [Theory]
    [InlineData("ReplicaSet", "web-7d4b9c8f5d", "7d4b9c8f5d", "Deployment", "web")]
    [InlineData("ReplicaSet", "my-app-v2-6f9c", "6f9c", "Deployment", "my-app-v2")]
    [InlineData("ReplicaSet", "cache", null, "ReplicaSet", "cache")]
    [InlineData("ReplicaSet", "cache-abc", "zzz", "ReplicaSet", "cache-abc")]
    [InlineData("StatefulSet", "db", null, "StatefulSet", "db")]
    [InlineData("DaemonSet", "agent", null, "DaemonSet", "agent")]
    [InlineData("Job", "backup-29077440", null, "CronJob", "backup")]
    [InlineData("Job", "migrate-1234", null, "Job", "migrate-1234")]
    [InlineData("Job", "migrate", null, "Job", "migrate")]
    [InlineData("Rollout", "canary", null, "Rollout", "canary")]
    public void Resolve_ControllerOwner_FindsWorkload(string ownerKind, string ownerName, string? hash, string kind, string name)
    {
        var labels = new JsonObject();
        if (hash is not null)
            labels["pod-template-hash"] = hash;
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["generateName"] = ownerName + "-",
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(
                    new JsonObject { ["kind"] = "Other", ["name"] = "not-the-controller" },
                    new JsonObject { ["kind"] = ownerKind, ["name"] = ownerName, ["controller"] = true }),
            },
        };

        Assert.Equal(new WorkloadIdentity("ns", kind, name), WorkloadResolver.Resolve(pod, "ns"));
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"debug"}}""", "debug")]
    [InlineData("""{"metadata":{"generateName":"runner-"}}""", "runner")]
    [InlineData("""{"metadata":{}}""", "unnamed")]
    [InlineData("""{}""", "unnamed")]
    [InlineData("""{"metadata":{"name":{}}}""", "unnamed")]
    [InlineData("""{"metadata":{"name":7,"generateName":["x"]}}""", "unnamed")]
    public void Resolve_BarePod_UsesItsName(string json, string name)
    {
        Assert.Equal(new WorkloadIdentity("ns", "Pod", name), WorkloadResolver.Resolve(JsonNode.Parse(json)!.AsObject(), "ns"));
    }
}
