using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Finds out which capability hook this kernel accepts by loading each candidate the settings allow alone in a
/// throwaway copy of the object: fentry first, then kprobe (which must also attach), else inference from syscalls;
/// and whether the LSM-hook path (Bpf/lsm.h), which replaces every syscall program, is worth trying.
/// </summary>
internal static class HookProbe
{
    public const string FentryProgram = "fentry_capable";
    public const string KprobeProgram = "kprobe_capable";

    /// <summary>The fexit programs on security_* hooks of the LSM path (Bpf/lsm.h).</summary>
    public static readonly IReadOnlySet<string> LsmPrograms = new HashSet<string>(StringComparer.Ordinal)
    {
        "lsm_file_open", "lsm_mmap_file", "lsm_socket_create", "lsm_unix_connect", "lsm_unix_send", "lsm_socket_bind",
        "lsm_ptrace", "lsm_path_unlink", "lsm_path_rmdir", "lsm_path_mkdir", "lsm_path_mknod", "lsm_path_rename",
        "lsm_path_link", "lsm_path_symlink", "lsm_path_chmod", "lsm_mount",
    };

    /// <summary>
    /// Why the session does not even try the LSM-hook path (the settings rule it out, or capabilities do not come from
    /// fentry, so some would have to be inferred from syscalls), or null when it tries it: whether it is then taken
    /// is decided by loading it for real (<see cref="ProgramLoader.LoadWithHooks"/>), not by a probe.
    /// </summary>
    public static string? LsmRuledOut(TraceOptions settings, CapabilitySource capabilities) =>
        settings.Hooks == HookPath.Syscalls ? "syscall tracepoints chosen by settings (Hooks: Syscalls)"
        : capabilities != CapabilitySource.Fentry ? $"capability checks come from {capabilities}, not fentry"
        : null;

    public static (CapabilitySource Source, string Reason) Choose(ReadOnlySpan<byte> elf, TraceOptions settings)
    {
        var choice = settings.CapabilityHook;
        if (choice == CapabilityHook.Infer)
        {
            return (CapabilitySource.Inferred, "inference chosen by settings (CapabilityHook: Infer)");
        }
        var refused = new List<string>();
        if (choice is CapabilityHook.Auto or CapabilityHook.Fentry)
        {
            var fentry = TryLoadAlone(elf, FentryProgram, attach: false);
            if (fentry is null)
            {
                return (CapabilitySource.Fentry, "fentry/cap_capable loaded");
            }
            refused.Add($"fentry refused ({fentry})");
        }
        if (choice is CapabilityHook.Auto or CapabilityHook.Kprobe)
        {
            var kprobe = TryLoadAlone(elf, KprobeProgram, attach: true);
            if (kprobe is null)
            {
                return (CapabilitySource.Kprobe, string.Join("; ", [.. refused, "kprobe/cap_capable attached"]));
            }
            refused.Add($"kprobe refused ({kprobe})");
        }
        return (CapabilitySource.Inferred, string.Join(", ", refused) + "; inferring from syscalls");
    }

    private static string? TryLoadAlone(ReadOnlySpan<byte> elf, string program, bool attach)
    {
        try
        {
            using var obj = BpfObject.Open(elf);
            foreach (var name in obj.ProgramNames())
            {
                obj.SetAutoload(name, name == program);
            }
            obj.SetMaxEntries("events", 4096);
            obj.Load();
            if (attach)
            {
                obj.AttachAll();
            }
            return null;
        }
        catch (BpfException e)
        {
            return BpfException.Describe(e.Errno).Split(' ')[0];
        }
    }
}
