using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Core.Relevancy;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>
/// What a node agent puts in the status for one container and image: the packages its learned code came from, with
/// the window, pods and completeness of what was learned; and how it travels (the report, the pod's images by id).
/// </summary>
public sealed class PackageInventoryTests
{
    private static readonly DateTimeOffset Since = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset StableAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private const string Image = "docker.io/library/nginx@sha256:32fdf92b4e986e109e4db0865758020cb0c3b70d6ba80d02fe87bad5cc3dc228";

    private static ContainerProfileStatus Nginx(bool startMissed = false, long dropped = 0) => new()
    {
        Name = "nginx",
        Pods = 3,
        StartMissed = startMissed,
        DroppedEvents = dropped,
        Observed =
        [
            new ExecObservation { Container = "nginx", Path = "/usr/sbin/nginx" },
            new FileObservation { Container = "nginx", Path = "/lib/x86_64-linux-gnu/libc.so.6", Access = AccessMask.Read | AccessMask.MmapExec },
            new FileObservation { Container = "nginx", Path = "/etc/nginx/nginx.conf", Access = AccessMask.Read },
        ],
    };

    private static BifrostProfileStatus Stable(ContainerProfileStatus container) =>
        new() { Phase = ProfilePhase.Stable, LearningSince = Since, PhaseSince = StableAt, Containers = [container] };

    [Fact]
    public void The_packages_a_containers_learned_code_came_from_with_the_window_and_its_pods()
    {
        var database = Fixtures.Database("nginx-debian9");
        var container = Nginx();

        var found = PackageInventory.Summarize(Stable(container), container, Image, database, files: null);

        Assert.Equal(Image, found.Image);
        Assert.Equal("dpkg database", found.Database);
        Assert.Equal(database.Packages.Count, found.Installed);
        Assert.Equal(["libc6", "nginx"], found.Used.Select(p => p.Name));
        Assert.All(found.Used, p => Assert.StartsWith($"pkg:deb/debian/{p.Name}@{p.Version}", p.Purl, StringComparison.Ordinal));
        Assert.Equal(2, found.CodeFiles); // the configuration read is not code
        Assert.Equal(0, found.Unattributed);
        Assert.Equal((Since, StableAt, 3), (found.ObservedFrom, found.ObservedTo, found.Pods));
        Assert.False(found.Partial);
    }

    [Fact]
    public void A_learning_profile_has_no_end_and_a_late_tracer_or_drops_are_said()
    {
        var container = Nginx(startMissed: true, dropped: 12);
        var learning = new BifrostProfileStatus { Phase = ProfilePhase.Learning, LearningSince = Since, Containers = [container] };

        var found = PackageInventory.Summarize(learning, container, Image, Fixtures.Database("nginx-debian9"), files: null);

        Assert.Equal(Since, found.ObservedFrom);
        Assert.Null(found.ObservedTo);
        Assert.True(found.Partial);
        Assert.Equal(12, found.DroppedEvents);
    }

    [Fact]
    public void A_packages_report_keeps_its_findings_on_the_wire()
    {
        var container = Nginx();
        var report = new ObservationReport
        {
            Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-uid" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "shop" },
            Sequence = 1,
            Source = ReportSource.Packages,
            Observations = [],
            Packages = [new ContainerPackages("nginx", PackageInventory.Summarize(Stable(container), container, Image, Fixtures.Database("nginx-debian9"), null))],
        };

        var json = JsonSerializer.Serialize(report, ObservationJson.Options);
        var back = JsonSerializer.Deserialize<ObservationReport>(json, ObservationJson.Options)!;

        var found = Assert.Single(back.Packages!);
        Assert.Equal("nginx", found.Container);
        Assert.True(found.Packages.SameFindings(report.Packages[0].Packages));
        Assert.Contains("\"source\":\"packages\"", json, StringComparison.Ordinal);
        Assert.Contains("\"used\":[{\"name\":\"libc6\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_with_findings_reads_back_as_it_was_written()
    {
        var container = Nginx() with { Packages = [PackageInventory.Summarize(Stable(Nginx()), Nginx(), Image, Fixtures.Database("nginx-debian9"), null)] };
        var status = Stable(container) with { PackagesInUse = 2, PackagesInstalled = 5 };

        var back = JsonSerializer.Deserialize<BifrostProfileStatus>(JsonSerializer.Serialize(status, ProfileJson.Options), ProfileJson.Options)!;

        Assert.Equal((2, 5), (back.PackagesInUse, back.PackagesInstalled));
        Assert.True(back.Containers[0].Packages[0].SameFindings(container.Packages[0]));
    }

    [Fact]
    public void A_pods_running_containers_give_their_images_by_runtime_id()
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"uid": "u1"},
             "status": {
               "containerStatuses": [
                 {"name": "app", "containerID": "containerd://aaa1", "imageID": "docker.io/library/nginx@sha256:11", "state": {"running": {}}},
                 {"name": "proxy", "containerID": "containerd://bbb2", "imageID": "docker-pullable://envoy@sha256:22", "state": {"running": {}}},
                 {"name": "waiting", "containerID": "", "imageID": "", "state": {"waiting": {"reason": "ContainerCreating"}}}],
               "initContainerStatuses": [
                 {"name": "init", "containerID": "containerd://ccc3", "imageID": "busybox@sha256:33", "state": {"terminated": {"exitCode": 0}}}]}}
            """)!;

        var containers = PodContainers.FromPod(pod);

        Assert.Equal(new Dictionary<string, string> { ["aaa1"] = "docker.io/library/nginx@sha256:11", ["bbb2"] = "envoy@sha256:22" }, containers.RunningImageById);
        Assert.Equal("init", containers.NameById["ccc3"]);
    }
}
