using System.Text.RegularExpressions;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>The per-syscall tracepoints, the lock tracepoints and the raw fallback each record the same things (the LSM-hook path: LsmHookTests).</summary>
public sealed partial class SyscallHookTests
{
    private static readonly TraceOptions Raw = new() { PerSyscallTracepoints = false, Hooks = HookPath.Syscalls };
    private static readonly TraceOptions Portable = new() { TypedFileReads = false };

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_FlockAndFcntlLocks_RecordLockAccessOnEachFile()
    {
        using var tree = new TempTree();

        var result = await LockBothAsync(tree, null);

        AssertLocked(result, tree);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_WithRawSyscallHooks_RecordsReadsExecsLocksAndSetuid()
    {
        using var tree = new TempTree();
        var file = tree.File("raw.txt");

        var read = await Learn.BashAsync($"cat {file} >/dev/null; setpriv --reuid=65534 --regid=65534 --clear-groups true", Raw);
        var locks = await LockBothAsync(tree, Raw);

        Assert.True(read.Read(file), "read missing with raw hooks");
        Assert.Contains(read.Observations.OfType<ExecObservation>(), e => e.Path == "/usr/bin/cat");
        Assert.Contains(read.Observations.OfType<CapabilityObservation>(), c => c.Name == "setuid");
        AssertLocked(locks, tree);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_RawAndPerSyscallHooks_RecordTheSameObservations()
    {
        using var tree = new TempTree();
        var input = tree.File("input.txt");
        var work = Path.Combine(tree.Root, "work");
        var fcntl = $"perl -MFcntl -e 'open(my $f, \">>\", \"{work}/fcntled\") or die; my $l = pack(\"ssx4qqlx4\", F_WRLCK, 0, 0, 0, 0); fcntl($f, F_SETLK, $l) or die'";
        // Reads, writes, creates, renames, links, removes, mode and owner changes, a fifo, both kinds of lock, a
        // socket, a signal, and set*id: what either set of hooks sees, each in the same fresh directory.
        var script = $"cd {work} && cat {input} > copy && echo x >> copy && mkdir dir && chmod 600 copy && chown 65534 copy && " +
            "ln -s copy sym && ln copy hard && mv hard moved && rm moved && rmdir dir && mkfifo fifo && " +
            $"flock flocked true && {fcntl} && exec 3<>/dev/udp/127.0.0.1/9 && trap : USR1 && kill -USR1 $$ && " +
            "setpriv --reuid=65534 --regid=65534 --clear-groups true";

        var results = new List<LearnResult>();
        foreach (var settings in (TraceOptions[])[new TraceOptions(), Raw])
        {
            Directory.CreateDirectory(work);
            results.Add(await Learn.BashAsync(script, settings));
            Directory.Delete(work, recursive: true);
        }

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var (perSyscall, raw) = (Comparable(results[0]), Comparable(results[1]));
        Assert.Contains(perSyscall, o => o is CapabilityObservation { Name: "setuid" });
        Assert.Contains(perSyscall, o => o is FileObservation f && f.Path == Path.Combine(work, "fcntled") && f.Access.HasFlag(AccessMask.Lock));
        Assert.Empty(perSyscall.Except(raw));
        Assert.Empty(raw.Except(perSyscall));
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_WithPortableBuild_RecordsResolvedReadsWritesAndLocks()
    {
        using var tree = new TempTree();
        var file = tree.File("portable.txt");
        var written = Path.Combine(tree.Root, "sub", "written.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(written)!);

        var result = await Learn.BashAsync($"cd {tree.Root}/sub && cat ../portable.txt >/dev/null && echo x >> written.txt", Portable);
        var locks = await LockBothAsync(tree, Portable);

        Assert.True(result.Read(file), "read missing with the portable build");
        Assert.Contains(result.Files(), f => f.Path == written && f.Access.HasFlag(AccessMask.Append));
        AssertLocked(locks, tree);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_SetuidToAnotherUser_RecordsInferredSetuidAndSetgidCapabilities()
    {
        var result = await Learn.BashAsync("setpriv --reuid=65534 --regid=65534 --clear-groups true");

        Assert.Equal(0, result.ExitCode);
        var names = result.Observations.OfType<CapabilityObservation>().Select(c => c.Name).ToHashSet();
        Assert.Contains("setuid", names);
        Assert.Contains("setgid", names);
    }

    [RequiresFact(typeof(Ebpf))]
    public async Task Learn_SetuidToOwnUser_RecordsNoSetuidCapability()
    {
        var result = await Learn.BashAsync("setpriv --reuid=0 true");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.Observations.OfType<CapabilityObservation>(), c => c is { Name: "setuid", Inferred: true });
    }

    // A process's own /proc entries carry its pid, which differs from run to run.
    private static HashSet<Observation> Comparable(LearnResult result) =>
        result.Observations.Select(o => o is FileObservation f ? f with { Path = ProcPid().Replace(f.Path, "/proc/PID/") } : o).ToHashSet();

    [GeneratedRegex("^/proc/[0-9]+/")]
    private static partial Regex ProcPid();

    private static async Task<LearnResult> LockBothAsync(TempTree tree, TraceOptions? settings)
    {
        var flocked = tree.File("flocked.lock");
        var fcntled = tree.File("fcntled.lock");
        // flock(1) takes flock(2); perl's fcntl F_SETLK takes a POSIX record lock (x86_64 struct flock).
        var fcntl = $"perl -MFcntl -e 'open(my $f, \">>\", \"{fcntled}\") or die; my $l = pack(\"ssx4qqlx4\", F_WRLCK, 0, 0, 0, 0); fcntl($f, F_SETLK, $l) or die'";
        var result = await Learn.BashAsync($"flock {flocked} true && {fcntl}", settings);
        Assert.Equal(0, result.ExitCode);
        return result;
    }

    private static void AssertLocked(LearnResult result, TempTree tree)
    {
        Assert.Contains(result.Files(), f => f.Path == Path.Combine(tree.Root, "flocked.lock") && f.Access.HasFlag(AccessMask.Lock));
        Assert.Contains(result.Files(), f => f.Path == Path.Combine(tree.Root, "fcntled.lock") && f.Access.HasFlag(AccessMask.Lock));
    }
}
