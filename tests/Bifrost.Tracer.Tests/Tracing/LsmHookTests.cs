using Bifrost.Core.Observations;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>The LSM-hook path records what the syscall tracepoints record, on the same workload.</summary>
public sealed class LsmHookTests
{
    private static readonly TraceOptions Lsm = new() { Hooks = HookPath.Lsm, CapabilityHook = CapabilityHook.Fentry };
    private static readonly TraceOptions Syscalls = new() { Hooks = HookPath.Syscalls, CapabilityHook = CapabilityHook.Fentry };

    [RequiresFact(typeof(LsmHooks))]
    public async Task Learn_SameWorkload_LsmHooksAndSyscallTracepointsRecordTheSameObservations()
    {
        using var tree = new TempTree();
        tree.File("in.txt");
        var script = Workload(tree.Root);

        // Each path twice, alternating; the workload leaves the tree as it found it, so every run sees the same paths.
        var runs = new List<(string Path, LearnResult Result)>();
        foreach (var (name, settings) in new[] { ("syscalls", Syscalls), ("lsm", Lsm), ("syscalls", Syscalls), ("lsm", Lsm) })
        {
            var result = await Learn.BashAsync(script, settings);
            Assert.True(result.ExitCode == 0, $"the workload failed under the {name} path (exit {result.ExitCode})");
            Assert.Equal(0ul, result.Stats.Dropped);
            runs.Add((name, result));
        }

        var syscalls = Seen(runs, "syscalls");
        var lsm = Seen(runs, "lsm");
        var onlySyscalls = syscalls.Except(lsm).Select(Describe).Order().ToList();
        var onlyLsm = lsm.Except(syscalls).Select(Describe).Order().ToList();
        Assert.True(onlySyscalls.Count == 0 && onlyLsm.Count == 0,
            $"only with syscall tracepoints: [{string.Join(", ", onlySyscalls)}]; only with LSM hooks: [{string.Join(", ", onlyLsm)}]");

        // The workload's own observations are there, so the comparison is not between two empty sets.
        var root = tree.Root;
        Assert.True(lsm.Contains(new FileObservation { Container = "app", Path = $"{root}/in.txt", Access = AccessMask.Read }), "read of in.txt missing");
        Assert.Contains(lsm.OfType<ExecObservation>(), e => e.Path == "/usr/bin/perl");
        Assert.Contains(lsm.OfType<SocketObservation>(), s => s is { UnixPath: var p, UnixOperation: "bind" } && p == $"{root}/sock");
        Assert.Contains(lsm.OfType<SocketObservation>(), s => s is { UnixPath: var p, UnixOperation: "connect" } && p == $"{root}/sock");
        Assert.Contains(lsm.OfType<SocketObservation>(), s => s is { UnixPath: "@bifrost-lsm-test", UnixOperation: "bind" });
        Assert.Contains(lsm.OfType<SocketObservation>(), s => s is { Family: "inet", Type: "dgram" });
        Assert.Contains(lsm.OfType<FileObservation>(), f => f.Path == $"{root}/d" && f.Access.HasFlag(AccessMask.Create));
        Assert.Contains(lsm.OfType<FileObservation>(), f => f.Path == $"{root}/hard" && f.Access.HasFlag(AccessMask.Link));
        Assert.Contains(lsm.OfType<FileObservation>(), f => f.Path == $"{root}/locked" && f.Access.HasFlag(AccessMask.Lock));
        Assert.Contains(lsm.OfType<SignalObservation>(), s => s is { Signal: 10, SamePod: true });
        Assert.Contains(lsm.OfType<CapabilityObservation>(), c => c is { Name: "chown", Inferred: false });
    }

    [RequiresFact(typeof(LsmHooks))]
    public async Task Learn_LsmPath_AttachesNoSyscallTracepoint()
    {
        var result = await Learn.BashAsync("true", Lsm);
        var syscalls = await Learn.BashAsync("true", Syscalls);

        // The LSM path's programs: fentry/cap_capable, exec, signals, the two lock tracepoints and the fexit hooks.
        Assert.Equal(5 + HookProbe.LsmPrograms.Count, result.Stats.AttachedPrograms);
        Assert.True(syscalls.Stats.AttachedPrograms > result.Stats.AttachedPrograms, $"{syscalls.Stats.AttachedPrograms} programs on the syscall path");
    }

    [Fact]
    public void Validate_LsmWithoutFentry_IsRefused()
    {
        var problems = new TraceOptions { Hooks = HookPath.Lsm, CapabilityHook = CapabilityHook.Infer }.Validate().ToList();

        Assert.Contains(problems, p => p.Contains("Hooks: Lsm", StringComparison.Ordinal));
    }

    // Opens (read, write, append, create), exec, mmap PROT_EXEC (the loader), path operations, chmod, chown, a lock,
    // unix sockets bound to a path and an abstract name and connected, a UDP socket and a signal (to itself: a
    // child killed before its exec would make the runs differ).
    private static string Workload(string root) => $$"""
        set -e
        cd {{root}}
        cat in.txt > /dev/null
        echo x > out.txt; echo y >> out.txt
        mkdir d; mv out.txt d/moved.txt; ln d/moved.txt hard; ln -s d/moved.txt soft
        chmod 600 hard; chown 4242 hard
        flock locked true
        exec 3<>/dev/udp/127.0.0.1/9; exec 3>&-
        perl -MSocket -e 'socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die; bind($s, pack_sockaddr_un("{{root}}/sock")) or die; listen($s, 1) or die;
          socket(my $c, PF_UNIX, SOCK_STREAM, 0) or die; connect($c, pack_sockaddr_un("{{root}}/sock")) or die;
          socket(my $a, PF_UNIX, SOCK_DGRAM, 0) or die; bind($a, pack_sockaddr_un("\0bifrost-lsm-test")) or die'
        trap : USR1; kill -USR1 $$
        rm -f hard soft d/moved.txt sock locked; rmdir d
        """;

    private static HashSet<Observation> Seen(List<(string Path, LearnResult Result)> runs, string path) =>
        runs.Where(r => r.Path == path).SelectMany(r => r.Result.Observations).ToHashSet();

    private static string Describe(Observation o) => o.ToString();
}
