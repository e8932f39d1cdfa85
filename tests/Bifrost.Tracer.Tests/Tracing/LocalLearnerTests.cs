using System.Net;
using System.Net.Sockets;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

public sealed class LocalLearnerTests
{
    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_CatOfKnownFile_RecordsReadOfResolvedPathThroughSymlinkAndRelativePath()
    {
        using var tree = new TempTree();
        var direct = tree.File("direct.txt");
        var target = tree.File("target.txt");
        File.CreateSymbolicLink(Path.Combine(tree.Root, "link.txt"), target);
        var relative = tree.File("sub/relative.txt");

        var result = await Learn.BashAsync($"cat {direct} {tree.Root}/link.txt >/dev/null; cd {tree.Root}/sub && cat ./../sub/relative.txt >/dev/null");

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Read(direct), "direct read missing");
        Assert.True(result.Read(target), "read through the symlink should name the target");
        Assert.DoesNotContain(result.Files(), f => f.Path.EndsWith("link.txt", StringComparison.Ordinal));
        Assert.True(result.Read(relative), "relative read should be absolute");
        Assert.Contains(result.Observations.OfType<ExecObservation>(), e => e.Path == "/usr/bin/cat");
        Assert.All(result.Observations, o => Assert.Equal("app", o.Container));
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_ScriptExec_RecordsScriptAndItsInterpreter()
    {
        using var tree = new TempTree();
        var script = tree.File("hello.sh", "#!/bin/sh\necho hi >/dev/null\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(tree.Root, "hello-link"), script);

        var result = await Learn.BashAsync($"cd {tree.Root} && ./hello-link");

        Assert.Equal(0, result.ExitCode);
        var exec = Assert.Single(result.Observations.OfType<ExecObservation>(), e => e.Interpreter is not null);
        Assert.Equal(script, exec.Path);
        Assert.Equal(RealPath("/bin/sh"), exec.Interpreter);
    }

    private static string RealPath(string path)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("readlink", ["-f", path]) { RedirectStandardOutput = true })!;
        return p.StandardOutput.ReadToEnd().Trim();
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_TcpUdpAndUnixConnect_RecordsEachSocket()
    {
        using var tree = new TempTree();
        var socketPath = Path.Combine(tree.Root, "app.sock");
        using var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        unix.Bind(new UnixDomainSocketEndPoint(socketPath));
        unix.Listen(8);
        var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        try
        {
            var result = await Learn.BashAsync(
                $"exec 3<>/dev/tcp/127.0.0.1/{port}; exec 3>&-; echo x > /dev/udp/127.0.0.1/9; curl -s -m 2 --unix-socket {socketPath} http://localhost/ >/dev/null; true");

            var sockets = result.Observations.OfType<SocketObservation>().ToList();
            Assert.Contains(sockets, s => s is { Family: "inet", Type: "stream" });
            Assert.Contains(sockets, s => s is { Family: "inet", Type: "dgram" });
            Assert.Contains(sockets, s => s is { Family: "unix", Type: "stream", UnixOperation: "connect" } && s.UnixPath == socketPath);
        }
        finally
        {
            tcp.Stop();
        }
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_ChownToAnotherUser_RecordsInferredChownCapability()
    {
        using var tree = new TempTree();
        var file = tree.File("owned.txt");

        var result = await Learn.BashAsync($"chown 4242 {file}");

        Assert.Equal(0, result.ExitCode);
        var cap = Assert.Single(result.Observations.OfType<CapabilityObservation>(), c => c.Name == "chown");
        Assert.True(cap.Inferred || result.Stats.Capabilities != CapabilitySource.Inferred);
    }

    [RequiresFact(typeof(FentryHook))]
    public Task Learn_ChownWithFentryOnCapCapable_RecordsTheKernelsOwnCheck() =>
        ChownIsCheckedPreciselyAsync(CapabilityHook.Fentry, CapabilitySource.Fentry);

    [RequiresFact(typeof(KprobeHook))]
    public Task Learn_ChownWithKprobeOnCapCapable_RecordsTheKernelsOwnCheck() =>
        ChownIsCheckedPreciselyAsync(CapabilityHook.Kprobe, CapabilitySource.Kprobe);

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_ChownWithInferenceChosen_RecordsInferredChownCapability()
    {
        using var tree = new TempTree();
        var file = tree.File("owned.txt");

        var result = await Learn.BashAsync($"chown 4242 {file}", new TraceOptions { CapabilityHook = CapabilityHook.Infer });

        Assert.Equal(CapabilitySource.Inferred, result.Stats.Capabilities);
        Assert.Contains(result.Observations.OfType<CapabilityObservation>(), c => c is { Name: "chown", Inferred: true });
    }

    // The hook sees the check the kernel made (not a guess from the syscall), and only audited checks: chown of an
    // owned file to another uid checks CAP_CHOWN; the same chown to the owner checks nothing.
    private static async Task ChownIsCheckedPreciselyAsync(CapabilityHook hook, CapabilitySource expected)
    {
        using var tree = new TempTree();
        var other = tree.File("other.txt");
        var own = tree.File("own.txt");
        var settings = new TraceOptions { CapabilityHook = hook };

        var changed = await Learn.BashAsync($"chown 4242 {other}", settings);
        var unchanged = await Learn.BashAsync($"chown 0 {own}", settings);

        Assert.Equal(0, changed.ExitCode);
        Assert.Equal(expected, changed.Stats.Capabilities);
        Assert.Contains(changed.Observations.OfType<CapabilityObservation>(), c => c is { Name: "chown", Inferred: false });
        Assert.DoesNotContain(changed.Observations.OfType<CapabilityObservation>(), c => c.Inferred);
        Assert.DoesNotContain(unchanged.Observations.OfType<CapabilityObservation>(), c => c.Name == "chown");
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_SignalToChild_RecordsSignalWithinThePod()
    {
        var result = await Learn.BashAsync("sleep 5 & kill -USR1 $!; wait; true");

        Assert.Contains(result.Observations.OfType<SignalObservation>(), s => s is { Signal: 10, SamePod: true });
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_WhileAnotherProcessIsBusy_RecordsNothingOutsideTheTracedCgroup()
    {
        using var tree = new TempTree();
        var outside = tree.File("outside-marker.txt");
        var inside = tree.File("inside.txt");
        using var busy = System.Diagnostics.Process.Start("/bin/bash", ["-c", $"for i in $(seq 400); do cat {outside} >/dev/null; done"]);

        var result = await Learn.BashAsync($"for i in $(seq 20); do cat {inside} >/dev/null; done");
        await busy.WaitForExitAsync();

        Assert.True(result.Read(inside));
        Assert.DoesNotContain(result.Files(), f => f.Path == outside);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_CommandForking200Children_CoversEveryChild()
    {
        using var tree = new TempTree();
        for (var i = 0; i < 200; i++)
        {
            tree.File($"many/f{i}");
        }

        var result = await Learn.BashAsync($"for i in $(seq 0 199); do cat {tree.Root}/many/f$i >/dev/null & done; wait");

        var seen = result.Files().Select(f => f.Path).ToHashSet();
        var missing = Enumerable.Range(0, 200).Select(i => $"{tree.Root}/many/f{i}").Where(p => !seen.Contains(p)).ToList();
        Assert.Empty(missing);
        Assert.Equal(0ul, result.Stats.Dropped);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_WithOnePageRingBuffer_CountsDropsAndMarksPartial()
    {
        using var tree = new TempTree();
        for (var i = 0; i < 1000; i++)
        {
            tree.File($"burst/file-with-a-long-name-to-fill-the-ring-{i:D5}");
        }

        var result = await Learn.BashAsync($"cat {tree.Root}/burst/* >/dev/null", new TraceOptions { RingBufferBytes = 4096, WakeupBytes = 1 << 20 });

        Assert.True(result.Stats.Dropped > 0, $"expected drops, emitted {result.Stats.Emitted}");
        Assert.True(result.Stats.Partial);
    }
}
