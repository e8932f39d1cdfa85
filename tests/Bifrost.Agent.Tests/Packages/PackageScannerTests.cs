using System.Diagnostics;
using System.Text.Json.Nodes;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Packages;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Packages;

/// <summary>
/// The package scan on real processes: a process in a cgroup named as containerd names a container's, its root a
/// directory of its own (this machine's /usr mounted read-only, and a dpkg database with three of this machine's real
/// package entries), so the agent must find it by cgroup and read the database through <c>/proc/PID/root</c>, not the
/// host's. What the workload learned decides which of the three are in use; the report goes to a stand-in intake.
/// </summary>
public sealed class PackageScannerTests : IAsyncLifetime, IDisposable
{
    private const string ContainerId = "5d1e0c4b3a29f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a29180f7e";
    private const string Image = "registry.example/shop/web@sha256:4b1f0e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5";
    private static readonly string[] Packages = ["bash", "coreutils", "libc6"];
    private static readonly WorkloadIdentity Web = new("shop", "Deployment", "web");

    private readonly string root = Directory.CreateTempSubdirectory("bifrost-container-root-").FullName;
    private readonly string cgroup = $"{HostDpkg.CgroupV2Mount}/cri-containerd-{ContainerId}.scope";
    private readonly string tokenFile = Path.GetTempFileName();
    private readonly HttpClient http = new();
    private FakeIntake intake = null!;
    private Process? container;
    private bool mounted;

    public async Task InitializeAsync()
    {
        intake = await FakeIntake.StartAsync(https: false);
        await File.WriteAllTextAsync(tokenFile, "agent-token\n");
    }

    public async Task DisposeAsync()
    {
        if (container is { HasExited: false })
        {
            container.Kill(entireProcessTree: true);
            await container.WaitForExitAsync();
        }

        container?.Dispose();
        if (mounted)
            await Processes.RunAsync("umount", ["-l", Path.Combine(root, "usr")]);
        if (Directory.Exists(cgroup))
            Directory.Delete(cgroup);
        Directory.Delete(root, recursive: true);
        await intake.DisposeAsync();
        File.Delete(tokenFile);
    }

    public void Dispose() => http.Dispose();

    [RequiresFact(typeof(Root), typeof(HostDpkg), Tools = ["mount", "chroot"])]
    public async Task Reads_the_containers_own_database_and_reports_the_packages_its_code_came_from()
    {
        await StartContainerAsync();
        var subjects = new PackageSubjects();
        subjects.Apply(new ProfileEvent(ProfileEventType.Reset, [Learned(
            new ExecObservation { Container = "app", Path = "/usr/bin/sleep" },
            new FileObservation { Container = "app", Path = "/usr/lib/x86_64-linux-gnu/libc.so.6", Access = AccessMask.Read | AccessMask.MmapExec },
            new FileObservation { Container = "app", Path = "/usr/share/doc/bash/copyright", Access = AccessMask.Read })]));
        subjects.Apply(new PodEvent(ProfileEventType.Reset, [RunningPod()]));
        var stats = new PackageStats();
        var scanner = Scanner(subjects, stats);

        await scanner.ScanOnceAsync(CancellationToken.None);

        var report = Assert.Single(intake.Reports);
        Assert.Equal(ReportSource.Packages, report.Source);
        Assert.Equal(("shop", "Deployment", "web"), (report.Workload.Namespace, report.Workload.Kind, report.Workload.Name));
        Assert.Empty(report.Observations);
        var entry = Assert.Single(report.Packages!);
        Assert.Equal("app", entry.Container);
        var found = entry.Packages;
        Assert.Equal(Image, found.Image);
        Assert.Equal("dpkg database", found.Database);
        Assert.Equal(3, found.Installed); // the container's database, not this machine's
        Assert.Equal(["coreutils", "libc6"], found.Used.Select(p => p.Name));
        Assert.All(found.Used, p => Assert.StartsWith($"pkg:deb/debian/{p.Name}@", p.Purl, StringComparison.Ordinal));
        Assert.Equal("node-1", found.Node);
        Assert.Equal(1, stats.Reads["read"]);

        // Nothing changed: nothing is read or sent again.
        await scanner.ScanOnceAsync(CancellationToken.None);
        Assert.Single(intake.Reports);
    }

    [RequiresFact(typeof(Root), typeof(HostDpkg), Tools = ["mount", "chroot"])]
    public async Task A_report_the_intake_did_not_take_is_sent_again_and_new_code_is_matched_again()
    {
        await StartContainerAsync();
        var subjects = new PackageSubjects();
        var sleep = new ExecObservation { Container = "app", Path = "/usr/bin/sleep" };
        subjects.Apply(new ProfileEvent(ProfileEventType.Reset, [Learned(sleep)]));
        subjects.Apply(new PodEvent(ProfileEventType.Reset, [RunningPod()]));
        var stats = new PackageStats();
        var scanner = Scanner(subjects, stats);

        intake.Down = true;
        await scanner.ScanOnceAsync(CancellationToken.None);
        Assert.Empty(intake.Reports);
        Assert.Equal(1, stats.ReportFailures);

        intake.Down = false;
        await scanner.ScanOnceAsync(CancellationToken.None);
        // sleep's ELF interpreter, read through the container's root, is libc6's.
        Assert.Equal(["coreutils", "libc6"], Assert.Single(Assert.Single(intake.Reports).Packages!).Packages.Used.Select(p => p.Name));

        subjects.Apply(new ProfileEvent(ProfileEventType.Upsert, [Learned(sleep, new ExecObservation { Container = "app", Path = "/usr/bin/bash" })]));
        await scanner.ScanOnceAsync(CancellationToken.None);
        Assert.Equal(["bash", "coreutils", "libc6"], Assert.Single(intake.Reports.Last().Packages!).Packages.Used.Select(p => p.Name));
        Assert.Equal(1, stats.Reads["read"]); // one image, one read of its database
    }

    [Fact]
    public async Task A_container_without_a_live_process_is_skipped()
    {
        var subjects = new PackageSubjects();
        subjects.Apply(new ProfileEvent(ProfileEventType.Reset, [Learned(new ExecObservation { Container = "app", Path = "/usr/bin/sleep" })]));
        subjects.Apply(new PodEvent(ProfileEventType.Reset, [RunningPod()]));
        var stats = new PackageStats();

        await Scanner(subjects, stats).ScanOnceAsync(CancellationToken.None);

        Assert.Empty(intake.Reports);
        Assert.Equal(1, stats.Reads["no-process"]);
    }

    private PackageScanner Scanner(PackageSubjects subjects, PackageStats stats) => new(
        subjects,
        new ReportSender(http, intake.Endpoint, tokenFile),
        stats,
        new AgentOptions { NodeName = "node-1", PodNamespace = "bifrost-system", PodName = "bifrost-agent-x7k2p", PodUid = "agent-uid" },
        TimeProvider.System,
        NullLogger<PackageScanner>.Instance);

    private static BifrostProfile Learned(params Observation[] observed) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus
        {
            LearningSince = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero),
            Containers = [new ContainerProfileStatus { Name = "app", Pods = 2, Observed = observed }],
        },
    };

    /// <summary>The pod as the watch of this node's pods gives it: admitted with a learning profile, its container running.</summary>
    private static NodePod RunningPod()
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = "pod-uid-1" },
            ["status"] = new JsonObject
            {
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["containerID"] = "containerd://" + ContainerId,
                    ["imageID"] = Image,
                    ["state"] = new JsonObject { ["running"] = new JsonObject() },
                }),
            },
        };
        return new NodePod("shop", "web-7d4b9c-x2x9q", [new PodProfile(ProfileNames.Learning(Web, "app"), Web, "app", IsLearning: true)], PodContainers.FromPod(pod));
    }

    /// <summary>
    /// The container: <c>sleep</c> chrooted into the root, moved into the cgroup before its exec. The root holds this
    /// machine's /usr (read-only) and a dpkg database of three packages copied from this machine's.
    /// </summary>
    private async Task StartContainerAsync()
    {
        Directory.CreateDirectory(Path.Combine(root, "usr"));
        foreach (var link in new[] { "bin", "lib", "lib64", "sbin" })
            File.CreateSymbolicLink(Path.Combine(root, link), "usr/" + link);
        var dpkg = Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/info")).Parent!.FullName;
        var status = File.ReadAllText("/var/lib/dpkg/status").Split("\n\n")
            .Where(stanza => Packages.Any(p => stanza.StartsWith($"Package: {p}\n", StringComparison.Ordinal)));
        await File.WriteAllTextAsync(Path.Combine(dpkg, "status"), string.Join("\n\n", status) + "\n");
        foreach (var list in Packages.Select(p => Directory.EnumerateFiles("/var/lib/dpkg/info", $"{p}.list").Concat(Directory.EnumerateFiles("/var/lib/dpkg/info", $"{p}:*.list")).First()))
            File.Copy(list, Path.Combine(dpkg, "info", Path.GetFileName(list)));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.Copy("/etc/os-release", Path.Combine(root, "etc/os-release"), overwrite: true);

        Assert.Equal(0, (await Processes.RunAsync("mount", ["--bind", "-o", "ro", "/usr", Path.Combine(root, "usr")])).ExitCode);
        mounted = true;
        Directory.CreateDirectory(cgroup);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "echo $$ > \"$0/cgroup.procs\" && exec chroot \"$1\" /usr/bin/sleep 300", cgroup, root })
            start.ArgumentList.Add(argument);
        container = Process.Start(start)!;
        // The scan looks for the container's process by its cgroup once its exec into the root is done.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience.Of(TimeSpan.FromSeconds(10)) && !IsInRoot(container.Id))
            await Task.Delay(20);
        Assert.True(IsInRoot(container.Id), "the container's process never entered its root");
    }

    private bool IsInRoot(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/root").ResolveLinkTarget(false)?.FullName == root;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>This machine is Debian-based (its dpkg database has the packages the scan test copies) and has a cgroup v2 mount.</summary>
public sealed class HostDpkg : IRequirement
{
    /// <summary>Where cgroup v2 is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid machine.</summary>
    public static string? CgroupV2Mount { get; } = File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 2 && f[2] == "cgroup2")?[1];

    public string? Problem =>
        !File.Exists("/var/lib/dpkg/status") || !File.Exists("/etc/os-release") ? "needs a dpkg-based machine"
        : CgroupV2Mount is null ? "needs a cgroup v2 mount"
        : null;
}
