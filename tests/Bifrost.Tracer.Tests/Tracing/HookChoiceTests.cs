using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>
/// The choice of hook path: the LSM-hook path is tried only where the settings and the capability hook allow it, and
/// then decided by loading it once, for real (no probe load before it).
/// </summary>
public sealed class HookChoiceTests
{
    [Theory]
    [InlineData(HookPath.Syscalls, CapabilitySource.Fentry, "Hooks: Syscalls")]
    [InlineData(HookPath.Auto, CapabilitySource.Kprobe, "not fentry")]
    [InlineData(HookPath.Auto, CapabilitySource.Inferred, "not fentry")]
    public void LsmRuledOut_SettingsOrCapabilitiesAgainst_SaysWhy(HookPath hooks, CapabilitySource capabilities, string why)
    {
        var reason = HookProbe.LsmRuledOut(new TraceOptions { Hooks = hooks }, capabilities);

        Assert.NotNull(reason);
        Assert.Contains(why, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HookPath.Auto)]
    [InlineData(HookPath.Lsm)]
    public void LsmRuledOut_FentryAndLsmAllowed_IsTried(HookPath hooks)
    {
        Assert.Null(HookProbe.LsmRuledOut(new TraceOptions { Hooks = hooks }, CapabilitySource.Fentry));
    }

    // Whichever this kernel allows: forced LSM hooks load with the LSM plan or fail saying so; Auto takes the LSM plan
    // exactly where the forced load succeeded, and otherwise falls back to the syscall path without failing.
    [RequiresFact(typeof(Ebpf))]
    public void LoadWithHooks_AutoAndForcedLsm_AgreeOnThisKernel()
    {
        var capabilities = HookProbe.Choose(EmbeddedProgram.Bytes(), new TraceOptions()).Source;
        bool lsmLoads;
        try
        {
            var (bpf, _, plan, _) = ProgramLoader.LoadWithHooks(new TraceOptions { Hooks = HookPath.Lsm }, capabilities);
            bpf.Dispose();
            Assert.True(plan.Lsm);
            lsmLoads = true;
        }
        catch (TracerUnavailableException e)
        {
            Assert.Contains("Hooks: Lsm, but the LSM hooks cannot be had here", e.Message, StringComparison.Ordinal);
            lsmLoads = false;
        }

        var (auto, _, autoPlan, hooks) = ProgramLoader.LoadWithHooks(new TraceOptions { Hooks = HookPath.Auto }, capabilities);
        auto.Dispose();

        Assert.Equal(lsmLoads, autoPlan.Lsm);
        if (!lsmLoads)
        {
            Assert.Contains(capabilities == CapabilitySource.Fentry ? "LSM hooks refused" : "not fentry", hooks, StringComparison.Ordinal);
        }
    }
}
