using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Finds out which capability hook this kernel accepts by loading each candidate the settings allow alone in a
/// throwaway copy of the object: fentry first, then kprobe (which must also attach), else inference from syscalls.
/// </summary>
internal static class HookProbe
{
    public const string FentryProgram = "fentry_capable";
    public const string KprobeProgram = "kprobe_capable";

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
