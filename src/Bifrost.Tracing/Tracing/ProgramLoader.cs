using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Opens and loads the eBPF object with the programs this kernel and these settings call for: the typed build
/// first (cheaper per event), the portable one where the kernel refuses it.
/// </summary>
internal static class ProgramLoader
{
    /// <summary>
    /// Loads the programs of the LSM-hook path where the settings and <paramref name="capabilities"/> allow it, and
    /// that load is the session's: the path is taken only where every one of its programs loads, and this is the only
    /// time they are loaded (under emulation, verifying them is most of a session's start). Where they are refused,
    /// the syscall path is loaded instead (Hooks: Auto), or <see cref="TracerUnavailableException"/> says why
    /// (Hooks: Lsm). Returns the plan taken and a line saying why.
    /// </summary>
    public static (BpfObject Bpf, string Build, HookPlan Plan, string Hooks) LoadWithHooks(TraceOptions settings, CapabilitySource capabilities)
    {
        var refused = HookProbe.LsmRuledOut(settings, capabilities);
        if (refused is null)
        {
            var lsm = new HookPlan(capabilities, PerSyscall: false, CapabilityChecks: false, Lsm: true);
            try
            {
                var (bpf, build) = Load(lsm, settings);
                return (bpf, build, lsm, "LSM hooks (fexit on security_*), no syscall tracepoint");
            }
            catch (TracerUnavailableException e)
            {
                refused = $"LSM hooks refused ({e.Message})";
            }
        }
        if (settings.Hooks == HookPath.Lsm)
        {
            throw new TracerUnavailableException($"Bifrost:Tracer:Trace: Hooks: Lsm, but the LSM hooks cannot be had here ({refused})");
        }
        var (perSyscall, tracepoints) = SyscallHooks.Probe(settings);
        var plan = new HookPlan(capabilities, perSyscall, SyscallHooks.HasCapabilityCheckTracepoint(SyscallHooks.Root));
        var (syscalls, syscallBuild) = Load(plan, settings);
        return (syscalls, syscallBuild, plan, $"{tracepoints}; {refused}");
    }

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
