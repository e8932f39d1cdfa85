using Bifrost.Tracer.Tracing;
using Xunit;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>
/// A fact that needs one capability hook (fentry or kprobe on cap_capable) to load on this kernel: skipped, with
/// the kernel's answer, where it is refused (a kernel in lockdown refuses fentry; kprobes may not be built in).
/// The kernel VM tier (tests/vm) runs these on a kernel that allows both.
/// </summary>
public sealed class CapabilityHookFactAttribute : FactAttribute
{
    public CapabilityHookFactAttribute(CapabilityHook hook)
    {
        var problem = Preflight.Problem();
        if (problem is not null)
        {
            Skip = problem;
            return;
        }
        var (source, reason) = HookProbe.Choose(EmbeddedProgram.Bytes(), new TraceSettings { CapabilityHook = hook });
        if (source == CapabilitySource.Inferred)
        {
            Skip = $"this kernel refuses the {hook} hook on cap_capable: {reason}";
        }
    }
}
