namespace Bifrost.Tracing.Tracing;

/// <summary>Where capability observations come from on this kernel.</summary>
public enum CapabilitySource
{
    /// <summary>Deduced from syscalls whose success needs the capability (the baseline; marked Inferred).</summary>
    Inferred,

    /// <summary>fentry on cap_capable: every audited check, exactly.</summary>
    Fentry,

    /// <summary>kprobe on cap_capable: every audited check, exactly.</summary>
    Kprobe,
}

/// <summary>Which capability hook the settings ask for (see <see cref="TraceOptions.CapabilityHook"/>).</summary>
public enum CapabilityHook
{
    /// <summary>fentry, else kprobe, else inference: the most precise this kernel allows.</summary>
    Auto,

    /// <summary>Only fentry on cap_capable, else inference.</summary>
    Fentry,

    /// <summary>Only a kprobe on cap_capable, else inference.</summary>
    Kprobe,

    /// <summary>Inference from syscalls, without probing.</summary>
    Infer,
}

/// <summary>Which hooks see what the traced processes do (see <see cref="TraceOptions.Hooks"/>).</summary>
public enum HookPath
{
    /// <summary>The LSM hooks where this kernel loads fentry/fexit, else the syscall tracepoints.</summary>
    Auto,

    /// <summary>Only the LSM hooks (fexit on security_*); the tracer does not start where this kernel refuses them.</summary>
    Lsm,

    /// <summary>Only the syscall tracepoints (or the raw sys_enter/sys_exit fallback), as before the LSM path.</summary>
    Syscalls,
}
