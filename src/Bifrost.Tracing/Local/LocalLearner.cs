using System.Diagnostics;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Cgroups;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracing.Local;

/// <summary>
/// Runs one command in a fresh cgroup v2 child and traces everything it and its descendants do from the
/// command's exec on, optionally with another root filesystem as its root. The command's stdin, stdout, stderr and
/// exit code are its own.
/// </summary>
public static class LocalLearner
{
    // The shell moves itself into the cgroup, then execs the command: that exec is the first the cgroup sees,
    // so the tracer starts recording exactly there.
    private const string Wrapper = "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"";

    // With a root: the host's shell only opens cgroup.procs and execs chroot; the root's own shell moves itself into the
    // cgroup through the inherited descriptor, so neither chroot nor any host program is the cgroup's first exec.
    private const string RootWrapper = "exec 3> \"$0/cgroup.procs\" && exec \"$@\"";
    private const string InRoot = "echo $$ >&3 && exec 3>&- && exec \"$@\"";

    private static int runs;

    public static Task<LearnResult> RunAsync(string command, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        RunAsync(command, args, new LocalLearnOptions(), cancellationToken);

    public static async Task<LearnResult> RunAsync(string command, IReadOnlyList<string> args, LocalLearnOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (options.Root is { } rootfs && RootProblem(rootfs) is { } problem)
            throw new ArgumentException(problem, nameof(options));
        Preflight.Check();
        var container = options.Container ?? Path.GetFileName(command);
        var root = CgroupFs.Root();
        var cgroup = Path.Combine(root, "bifrost", $"learn-{Environment.ProcessId}-{Interlocked.Increment(ref runs)}");
        Directory.CreateDirectory(cgroup);
        try
        {
            var scope = new TraceScope(CgroupFs.IdOf(cgroup), CgroupFs.LevelOf(root, cgroup), []);
            var set = new ObservationSet();
            var translator = new EventTranslator();
            var scratch = new List<Observation>();
            void Handle(TraceEvent e)
            {
                scratch.Clear();
                translator.Translate(e, container, scratch);
                foreach (var o in scratch)
                {
                    set.Add(o);
                }
            }

            using var session = TracerSession.Start(scope, options.Trace, Handle, options.Logger);
            var exitCode = await RunInCgroupAsync(cgroup, options.Root, command, args, cancellationToken).ConfigureAwait(false);
            await WaitUntilEmptyAsync(cgroup, options.LingerLimit, cancellationToken).ConfigureAwait(false);
            var stats = session.Stop();
            scratch.Clear();
            translator.FlushPending(scratch);
            foreach (var o in scratch)
            {
                set.Add(o);
            }
            return new LearnResult(exitCode, set.Snapshot(), stats);
        }
        finally
        {
            await RemoveAsync(cgroup).ConfigureAwait(false);
        }
    }

    /// <summary>Why <paramref name="root"/> cannot be a command's root (not a directory, no <c>/bin/sh</c> in it), or null.</summary>
    public static string? RootProblem(string root)
    {
        if (!Directory.Exists(root))
            return $"{root} is not a directory";
        // The root's /bin/sh may be a symbolic link that only resolves inside the root (usr-merge, or an absolute target).
        var shell = new FileInfo(Path.Combine(root, "bin", "sh"));
        return shell.Exists || shell.LinkTarget is not null ? null : $"{root} has no /bin/sh to start the command with";
    }

    private static async Task<int> RunInCgroupAsync(string cgroup, string? root, string command, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(root is null ? Wrapper : RootWrapper);
        start.ArgumentList.Add(cgroup);
        if (root is not null)
        {
            foreach (var a in (string[])[Chroot, root, "/bin/sh", "-c", InRoot, "sh"])
            {
                start.ArgumentList.Add(a);
            }
        }
        start.ArgumentList.Add(command);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new TracerUnavailableException("could not start /bin/sh");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(cgroup);
            throw;
        }
        return process.ExitCode;
    }

    private static string Chroot =>
        ((string[])["/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot"]).FirstOrDefault(File.Exists) ?? "chroot";

    private static async Task WaitUntilEmptyAsync(string cgroup, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit && Populated(cgroup))
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Populated(string cgroup)
    {
        try
        {
            return File.ReadLines(Path.Combine(cgroup, "cgroup.events")).Any(l => l == "populated 1");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Kill(string cgroup)
    {
        try
        {
            File.WriteAllText(Path.Combine(cgroup, "cgroup.kill"), "1");
        }
        catch (IOException)
        {
            // cgroup.kill arrived in Linux 5.14; without it the processes are left to the caller.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    // Leftover processes keep a cgroup busy; they are killed so the directory can go.
    private static async Task RemoveAsync(string cgroup)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                Directory.Delete(cgroup);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException)
            {
                Kill(cgroup);
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }
}
