using System.Text.Json.Nodes;
using Bifrost.Core.Observations;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Attribution;

public sealed class ContainerAttributionTests
{
    private const string App = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Proxy = "2222222222222222222222222222222222222222222222222222222222222222";
    private const string Init = "3333333333333333333333333333333333333333333333333333333333333333";
    private const string OldApp = "4444444444444444444444444444444444444444444444444444444444444444";
    private const string Sandbox = "5555555555555555555555555555555555555555555555555555555555555555";

    // A pod as the API server returns it: an init container that ran, an app restarted once, a proxy sidecar.
    private static JsonNode Pod(bool proxyStarted = true, string? status = null)
    {
        var pod = JsonNode.Parse(PodJson(proxyStarted))!;
        if (status is not null)
            pod["metadata"]!["annotations"] = new JsonObject { ["bifrost.io/status"] = status };
        return pod;
    }

    private static string PodJson(bool proxyStarted) => $$$"""
        {
          "metadata": {"name": "web-1", "namespace": "shop", "uid": "uid-1"},
          "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "app"}, {"name": "proxy"}]},
          "status": {
            "initContainerStatuses": [{"name": "init", "containerID": "containerd://{{{Init}}}"}],
            "containerStatuses": [
              {"name": "app", "containerID": "containerd://{{{App}}}", "lastState": {"terminated": {"containerID": "containerd://{{{OldApp}}}"} } },
              {"name": "proxy"{{{ProxyId(proxyStarted)}}} }
            ]
          }
        }
        """;

    private static string ProxyId(bool started) => started ? $", \"containerID\": \"cri-o://{Proxy}\"" : "";

    private static FileObservation File(string container, string path) => new() { Container = container, Path = path, Access = AccessMask.Read };

    private static ObservationReport Report(params Observation[] observations) => new()
    {
        Pod = new ReportPod { Namespace = "shop", Name = "web-1", Uid = "uid-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        Sequence = 1,
        Observations = observations,
        Containers = [.. observations.Select(o => o.Container).Distinct().Select(id => new ReportContainer { Id = id, StartMissed = id == Proxy })],
    };

    [Fact]
    public void FromPod_StatusIds_NameEveryContainerTheCurrentAndThePreviousRun()
    {
        var pod = PodContainers.FromPod(Pod());

        Assert.Equal("uid-1", pod.Uid);
        Assert.True(pod.AllStarted);
        Assert.Equal(["app", "app", "init", "proxy"], new[] { App, OldApp, Init, Proxy }.Select(id => pod.NameById[id]).Order());
    }

    [Fact]
    public void Attribute_EachId_GoesToItsContainerAndNowhereElse()
    {
        var result = ContainerAttribution.Attribute(Report(File(App, "/a"), File(Proxy, "/p"), File(Init, "/i"), File(OldApp, "/old")), PodContainers.FromPod(Pod()));

        Assert.Equal(0, result.Unattributed);
        Assert.Equal([("app", "/a"), ("proxy", "/p"), ("init", "/i"), ("app", "/old")], result.Report!.Observations.Cast<FileObservation>().Select(o => (o.Container, o.Path)));
        Assert.Equal([("app", false), ("init", false), ("proxy", true)], result.Report.Containers!.Select(c => (c.Name!, c.StartMissed)).Order());
        Assert.All(result.Report.Containers!, c => Assert.Null(c.Id));
    }

    [Fact]
    public void Attribute_IdNotInTheStatusWhileAContainerHasNotStarted_AsksToWait()
    {
        var result = ContainerAttribution.Attribute(Report(File(App, "/a"), File(Proxy, "/p")), PodContainers.FromPod(Pod(proxyStarted: false)));

        Assert.Null(result.Report);
        Assert.Equal([Proxy], result.Waiting);
    }

    [Fact]
    public void Attribute_IdOfNoContainerOnceAllStarted_IsLeftOutAndCounted()
    {
        var result = ContainerAttribution.Attribute(Report(File(App, "/a"), File(Sandbox, "/pause")), PodContainers.FromPod(Pod()));

        Assert.Equal(1, result.Unattributed);
        Assert.Equal(["app"], result.Report!.Observations.Select(o => o.Container));
    }

    [Fact]
    public void Attribute_ContainerBifrostGaveNoProfile_LearnsNothing()
    {
        var status = """{"phase":"Learning","workload":"Deployment/web","tracer":true,"profiles":{"app":"bifrost_bootstrap","init":"bifrost_bootstrap"}}""";

        var result = ContainerAttribution.Attribute(Report(File(App, "/a"), File(Proxy, "/p")), PodContainers.FromPod(Pod(status: status)));

        Assert.Equal(1, result.Unattributed);
        Assert.Equal(["app"], result.Report!.Observations.Select(o => o.Container));
    }

    [Fact]
    public void Attribute_EphemeralContainer_IsNamedButGotNoProfileSoLearnsNothing()
    {
        const string Debug = "6666666666666666666666666666666666666666666666666666666666666666";
        var status = """{"phase":"Learning","workload":"Deployment/web","tracer":true,"profiles":{"app":"a","proxy":"p","init":"i"}}""";
        var pod = Pod(status: status);
        pod["status"]!["ephemeralContainerStatuses"] = new JsonArray(new JsonObject { ["name"] = "debugger", ["containerID"] = $"containerd://{Debug}" });

        var containers = PodContainers.FromPod(pod);
        var result = ContainerAttribution.Attribute(Report(File(App, "/a"), File(Debug, "/usr/bin/gdb")), containers);

        Assert.Equal("debugger", containers.NameById[Debug]);
        Assert.Equal(1, result.Unattributed);
        Assert.Equal(["app"], result.Report!.Observations.Select(o => o.Container));
        Assert.DoesNotContain(result.Report.Containers!, c => c.Name == "debugger");
    }

    [Fact]
    public void Attribute_ReportByName_IsLeftAsItIs()
    {
        var report = Report(File("app", "/a")) with { Containers = null };

        var result = ContainerAttribution.Attribute(report, null);

        Assert.Same(report, result.Report);
    }

    [Theory]
    [InlineData("containerd://abc", "abc")]
    [InlineData("cri-o://abc", "abc")]
    [InlineData("docker://abc", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("containerd://", null)]
    [InlineData("", null)]
    public void RuntimeId_StatusContainerId_DropsTheScheme(string containerId, string? expected) =>
        Assert.Equal(expected, PodContainers.RuntimeId(containerId));
}
