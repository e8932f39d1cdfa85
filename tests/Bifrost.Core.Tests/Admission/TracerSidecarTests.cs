using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Admission;

public sealed class TracerSidecarTests
{
    private static readonly WorkloadIdentity Web = new("shop", "Deployment", "web");

    private static Dictionary<string, string?> Env(JsonObject container) =>
        JsonNode.Parse(container["env"]!.ToJsonString())!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);

    [Fact]
    public void Container_WithCaBundle_HandsItToTheTracer()
    {
        var container = new TracerSidecar(new TracerOptions { CaBundle = "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n" }, true).Container(Web, [("app", "p", "nginx:1.27")]);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", Env(container)["BIFROST_CA_PEM"], StringComparison.Ordinal);
    }

    [Fact]
    public void Container_WithoutHostCgroups_HasNoHostPathAndNoCgroupRoot()
    {
        var options = new TracerOptions { MountHostCgroups = false };

        var sidecar = new TracerSidecar(options, true);

        var container = sidecar.Container(Web, [("app", "p", "nginx:1.27")]);

        Assert.False(Env(container).ContainsKey("BIFROST_CGROUP_ROOT"));
        Assert.False(Env(container).ContainsKey("BIFROST_CA_PEM"));
        Assert.Single(JsonNode.Parse(container["volumeMounts"]!.ToJsonString())!.AsArray());
        Assert.DoesNotContain(sidecar.Volumes(), v => v.ToJsonString().Contains("hostPath", StringComparison.Ordinal));
    }
}
