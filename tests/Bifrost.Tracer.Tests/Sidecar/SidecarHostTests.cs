using System.Diagnostics;
using Bifrost.Core.Observations;

namespace Bifrost.Tracer.Tests.Sidecar;

/// <summary>The sidecar process end to end: a real intake over HTTPS and, where eBPF runs, real cgroups and real programs.</summary>
public sealed class SidecarHostTests : IAsyncLifetime
{
    private const string IdA = "aaaa0000000000000000000000000000000000000000000000000000000000a1";
    private const string IdB = "bbbb0000000000000000000000000000000000000000000000000000000000b2";
    private const string IdTracer = "cccc0000000000000000000000000000000000000000000000000000000000c3";
    private FakeIntake server = null!;

    public async Task InitializeAsync() => server = await FakeIntake.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Run_CannotAttach_StartsTheAppAnywaySaysWhyAndStaysUp()
    {
        var notCgroups = Directory.CreateTempSubdirectory("bifrost-not-cgroup-").FullName;
        try
        {
            await using var tracer = await SidecarProcess.StartAsync(server, "4d2f0c1e-0000-4000-8000-000000000001", "app=bifrost_bootstrap", notCgroups);

            Assert.True(await tracer.WaitReadyAsync(TimeSpan.FromSeconds(60)), "the startup probe's file never appeared");
            Assert.Null(tracer.Outcome("attached"));
            Assert.Contains("no cgroup for pod", tracer.Outcome("unavailable"), StringComparison.Ordinal);
            Assert.True(await SidecarProcess.WaitForAsync(server, r => r.Any(x => x.Tracer?.State == TracerState.Unavailable), TimeSpan.FromSeconds(30)),
                "the controller was not told");
            var told = server.Received.Select(r => r.Report).First(r => r.Tracer is not null);
            Assert.Empty(told.Observations);
            Assert.Contains("no cgroup for pod", told.Tracer!.Reason, StringComparison.Ordinal);
            Assert.False(tracer.HasExited, "an exiting native sidecar is restarted and holds the app back");
            Assert.Equal(0, await tracer.TerminateAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            Directory.Delete(notCgroups, recursive: true);
        }
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Run_PodOfTwoContainers_ReportsEachUnderItsRuntimeIdAndMarksTheOneAlreadyRunning()
    {
        using var pod = new PodCgroups("3f6c9a52-1b7e-4c0d-9a8e-5d4c3b2a1f00", IdTracer, IdA, IdB);
        var markers = Directory.CreateTempSubdirectory("bifrost-markers-").FullName;
        var markerA = Path.Combine(markers, "only-a-reads-this");
        var markerB = Path.Combine(markers, "only-b-reads-this");
        await File.WriteAllTextAsync(markerA, "a\n");
        await File.WriteAllTextAsync(markerB, "b\n");
        // b runs before the tracer: a loop that keeps reading its marker, started by its own exec long before.
        using var b = pod.Run(IdB, $"while true; do cat '{markerB}' > /dev/null; sleep 0.2; done");
        try
        {
            await using var tracer = await SidecarProcess.StartAsync(server, pod.Uid, "a=bifrost_bootstrap,b=bifrost_bootstrap", PodCgroups.Root, pod.Container(IdTracer));
            Assert.True(await tracer.WaitReadyAsync(TimeSpan.FromSeconds(60)), "the tracer did not start");
            Assert.Null(tracer.Outcome("unavailable"));
            Assert.NotNull(tracer.Outcome("attached"));

            // a starts after the tracer, as an app container after a native sidecar.
            using var a = pod.Run(IdA, $"cat '{markerA}' > /dev/null; sleep 1");
            await a.WaitForExitAsync();

            bool Seen(IReadOnlyList<ObservationReport> reports, string container, string path) =>
                reports.SelectMany(r => r.Observations).OfType<FileObservation>().Any(o => o.Container == container && o.Path == path);
            Assert.True(await SidecarProcess.WaitForAsync(server, r => Seen(r, IdA, markerA) && Seen(r, IdB, markerB), TimeSpan.FromSeconds(30)),
                "both containers' markers were not reported under their ids");
            var reports = server.Received.Select(r => r.Report).ToList();
            Assert.False(Seen(reports, IdA, markerB) || Seen(reports, IdB, markerA), "a record went to the other container");
            Assert.All(reports.SelectMany(r => r.Observations), o => Assert.Contains(o.Container, new[] { IdA, IdB }));
            var listed = reports.SelectMany(r => r.Containers ?? []).ToList();
            Assert.Contains(listed, c => c.Id == IdB && c.StartMissed);
            Assert.DoesNotContain(listed, c => c.Id == IdA && c.StartMissed);
            Assert.Equal(TracerState.Attached, reports.First(r => r.Tracer is not null).Tracer!.State);
            Assert.Equal(0, await tracer.TerminateAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            b.Kill(entireProcessTree: true);
            await b.WaitForExitAsync();
            Directory.Delete(markers, recursive: true);
        }
    }

    /// <summary>A pod's cgroups as the kubelet's cgroupfs driver names them, made in the real cgroup v2 tree.</summary>
    private sealed class PodCgroups : IDisposable
    {
        private readonly string top = Path.Combine(Root, $"bifrost-test-{Guid.NewGuid():N}");

        /// <summary>The cgroup v2 mount: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host.</summary>
        public static string Root { get; } = Bifrost.Tracing.Cgroups.CgroupFs.FindMount() ?? "/sys/fs/cgroup";

        public PodCgroups(string uid, params string[] containers)
        {
            Uid = uid;
            Pod = Path.Combine(top, "kubepods", "burstable", "pod" + uid);
            foreach (var id in containers)
                Directory.CreateDirectory(Container(id));
        }

        public string Uid { get; }

        public string Pod { get; }

        public string Container(string id) => Path.Combine(Pod, id);

        /// <summary>A shell that joins the container's cgroup, then execs the container's command, as a runtime does.</summary>
        public Process Run(string id, string script) =>
            Process.Start("/bin/sh", ["-c", $"echo $$ > '{Container(id)}/cgroup.procs' && exec /bin/sh -c \"$0\"", script])!;

        public void Dispose()
        {
            foreach (var directory in Directory.EnumerateDirectories(top, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(top))
            {
                var procs = Path.Combine(directory, "cgroup.procs");
                foreach (var pid in File.Exists(procs) ? File.ReadAllLines(procs) : [])
                    using (Process.Start("kill", ["-KILL", pid])) { }
                for (var i = 0; i < 50 && Directory.Exists(directory); i++)
                {
                    try
                    {
                        Directory.Delete(directory);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
        }
    }
}
