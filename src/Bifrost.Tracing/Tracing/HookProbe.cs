using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Finds out which capability hook this kernel accepts by loading each candidate the settings allow alone in a
/// throwaway copy of the object: fentry first, then kprobe (which must also attach), else inference from syscalls;
/// and whether the LSM-hook path (Bpf/lsm.h) loads, which then replaces every syscall program.
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
    /// Whether the session takes the LSM-hook path: the settings allow it, capabilities come from fentry (so none
    /// has to be inferred from syscalls), and every LSM program loads here. Throws
    /// <see cref="TracerUnavailableException"/> when the settings require it and it cannot be had.
    /// </summary>
    public static (bool Lsm, string Reason) ChooseHooks(ReadOnlySpan<byte> elf, TraceOptions settings, CapabilitySource capabilities)
    {
        if (settings.Hooks == HookPath.Syscalls)
        {
            return (false, "syscall tracepoints chosen by settings (Hooks: Syscalls)");
        }
        var refused = capabilities == CapabilitySource.Fentry
            ? TryLoadAlone(elf, LsmPrograms, attach: false)
            : $"capability checks come from {capabilities}, not fentry";
        if (refused is null)
        {
            return (true, "LSM hooks (fexit on security_*), no syscall tracepoint");
        }
        if (settings.Hooks == HookPath.Lsm)
        {
            throw new TracerUnavailableException($"Bifrost:Tracer:Trace: Hooks: Lsm, but the LSM hooks cannot be had here ({refused})");
        }
        return (false, $"LSM hooks refused ({refused})");
    }

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
            var fentry = TryLoadAlone(elf, new HashSet<string> { FentryProgram }, attach: false);
            if (fentry is null)
            {
                return (CapabilitySource.Fentry, "fentry/cap_capable loaded");
            }
            refused.Add($"fentry refused ({fentry})");
        }
        if (choice is CapabilityHook.Auto or CapabilityHook.Kprobe)
        {
            var kprobe = TryLoadAlone(elf, new HashSet<string> { KprobeProgram }, attach: true);
            if (kprobe is null)
            {
                return (CapabilitySource.Kprobe, string.Join("; ", [.. refused, "kprobe/cap_capable attached"]));
            }
            refused.Add($"kprobe refused ({kprobe})");
        }
        return (CapabilitySource.Inferred, string.Join(", ", refused) + "; inferring from syscalls");
    }

    private static string? TryLoadAlone(ReadOnlySpan<byte> elf, IReadOnlySet<string> programs, bool attach)
    {
        try
        {
            using var obj = BpfObject.Open(elf);
            foreach (var name in obj.ProgramNames())
            {
                obj.SetAutoload(name, programs.Contains(name));
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
