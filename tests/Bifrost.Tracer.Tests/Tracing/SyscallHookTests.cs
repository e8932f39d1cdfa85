using Bifrost.Core.Observations;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>The per-syscall tracepoints, the lock tracepoints and the raw fallback each record the same things (the LSM-hook path: LsmHookTests).</summary>
public sealed class SyscallHookTests
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
