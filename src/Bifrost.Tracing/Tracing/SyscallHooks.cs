using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Which syscalls the tracer hooks and how. Per-syscall tracepoints run a program only for the syscalls
/// listed here, so the far more frequent read, write, close, fcntl and friends cost the traced tasks (and
/// every other task on the node) nothing beyond the kernel's own tracepoint check. They need tracefs for
/// their ids; without it the raw sys_enter/sys_exit programs run on every syscall and filter in BPF.
/// </summary>
internal static class SyscallHooks
{
    public const string ExitProgram = "on_syscall_exit";
    public const string EnterProgram = "on_syscall_enter";
    public const string RawExitProgram = "on_sys_exit";
    public const string RawEnterProgram = "on_sys_enter";
    public const string CapabilityCheckProgram = "on_cap_check";
    public static readonly string[] LockPrograms = ["on_fcntl_lock", "on_flock"];

    /// <summary>Programs attached per tracepoint by <see cref="Attach"/>, not by libbpf's auto-attach.</summary>
    public static readonly IReadOnlySet<string> Manual = new HashSet<string>(StringComparer.Ordinal) { ExitProgram, EnterProgram };

    // The syscalls handle_exit in bifrost.bpf.c knows, by their tracepoint names (umount2 is "umount"), from
    // Bpf/syscalls.tbl; fcntl and flock are seen by the lock tracepoints instead.
    private static readonly IReadOnlyList<string> Exits = SyscallTable.ExitTracepoints;

    // Entry hooks only judge set*id against the credentials before the call; where the kernel has the
    // cap_capable tracepoint, the on_cap_check program sees those syscalls' own checks instead, and neither
    // the entries nor the exits of set*id are hooked.
    private static readonly IReadOnlyList<string> Enters = SyscallTable.EnterTracepoints;

    // libbpf 1.1 reads tracepoint ids under debugfs when that directory exists, else under tracefs.
    private const string DebugTracing = "/sys/kernel/debug/tracing";
    private const string Tracing = "/sys/kernel/tracing";

    /// <summary>Whether per-syscall tracepoints can be attached, mounting tracefs where it is missing; with the reason.</summary>
    public static (bool Usable, string Reason) Probe(TraceOptions settings)
    {
        if (!settings.PerSyscallTracepoints)
        {
            return (false, "raw sys_enter/sys_exit: per-syscall tracepoints turned off by settings");
        }
        var root = Root;
        if (HasSyscallEvents(root))
        {
            return (true, $"syscall tracepoints ({root})");
        }
        if (root == Tracing && Directory.Exists(Tracing))
        {
            var errno = Libc.Mount("nodev", Tracing, "tracefs");
            if (errno == 0 && HasSyscallEvents(Tracing))
            {
                return (true, $"syscall tracepoints (mounted tracefs at {Tracing})");
            }
            return (false, $"raw sys_enter/sys_exit: tracefs is not mounted and mounting it failed ({BpfException.Describe(errno)})");
        }
        return (false, $"raw sys_enter/sys_exit: no syscall tracepoints under {root}");
    }

    /// <summary>Whether this kernel has the cap_capable tracepoint (Linux 6.14 and later) that <see cref="CapabilityCheckProgram"/> needs.</summary>
    public static bool HasCapabilityCheckTracepoint(string root) =>
        Directory.Exists(Path.Combine(root, "events", "capability", "cap_capable"));

    /// <summary>Attaches the per-syscall programs to each syscall this kernel has; returns how many links were made.</summary>
    public static int Attach(BpfObject bpf, string root, bool capabilityChecks)
    {
        var count = 0;
        var exits = capabilityChecks ? Exits.Except(Enters) : Exits;
        var enters = capabilityChecks ? [] : Enters;
        foreach (var (program, prefix, names) in new[] { (ExitProgram, "sys_exit_", exits), (EnterProgram, "sys_enter_", enters) })
        {
            foreach (var name in names)
            {
                // A syscall this kernel or architecture does not have (fchmodat2 before 6.6) has no tracepoint.
                if (!Directory.Exists(Path.Combine(root, "events", "syscalls", prefix + name)))
                {
                    continue;
                }
                bpf.AttachTracepoint(program, "syscalls", prefix + name);
                count++;
            }
        }
        return count;
    }

    /// <summary>Where libbpf will look for tracepoint ids.</summary>
    public static string Root => Directory.Exists(DebugTracing) ? DebugTracing : Tracing;

    private static bool HasSyscallEvents(string root) =>
        File.Exists(Path.Combine(root, "events", "syscalls", "sys_exit_openat", "id"));
}
