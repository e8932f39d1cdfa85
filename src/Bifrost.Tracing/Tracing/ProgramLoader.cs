using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Opens and loads the eBPF object with the programs this kernel and these settings call for: the typed build
/// first (cheaper per event), the portable one where the kernel refuses it.
/// </summary>
internal static class ProgramLoader
{
    public static (BpfObject Bpf, string Build) Load(HookPlan plan, TraceOptions settings)
    {
        var why = "typed file reads turned off by settings";
        if (settings.TypedFileReads)
        {
            try
            {
                return (LoadOne(EmbeddedProgram.Typed, plan, settings), "typed file reads (bpf_rdonly_cast)");
            }
            catch (BpfException e)
            {
                why = "typed build refused: " + e.Message;
            }
        }
        try
        {
            return (LoadOne(EmbeddedProgram.Portable, plan, settings), $"probe reads ({why})");
        }
        catch (BpfException e)
        {
            throw new TracerUnavailableException("loading the eBPF program: " + e.Message, e);
        }
    }

    private static BpfObject LoadOne(string name, HookPlan plan, TraceOptions settings)
    {
        var bpf = BpfObject.Open(EmbeddedProgram.Bytes(name));
        try
        {
            bpf.SetAutoload(HookProbe.FentryProgram, plan.Capabilities == CapabilitySource.Fentry);
            bpf.SetAutoload(HookProbe.KprobeProgram, plan.Capabilities == CapabilitySource.Kprobe);
            bpf.SetAutoload(SyscallHooks.ExitProgram, plan.PerSyscall);
            bpf.SetAutoload(SyscallHooks.EnterProgram, plan.PerSyscall && !plan.CapabilityChecks);
            bpf.SetAutoload(SyscallHooks.CapabilityCheckProgram, plan.CapabilityChecks);
            bpf.SetAutoload(SyscallHooks.RawExitProgram, !plan.PerSyscall && !plan.Lsm);
            bpf.SetAutoload(SyscallHooks.RawEnterProgram, !plan.PerSyscall && !plan.CapabilityChecks && !plan.Lsm);
            foreach (var program in SyscallHooks.LockPrograms)
            {
                bpf.SetAutoload(program, plan.PerSyscall || plan.Lsm);
            }
            foreach (var program in HookProbe.LsmPrograms)
            {
                bpf.SetAutoload(program, plan.Lsm);
            }
            bpf.SetMaxEntries("events", (uint)settings.RingBufferBytes);
            bpf.Load();
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }
}
