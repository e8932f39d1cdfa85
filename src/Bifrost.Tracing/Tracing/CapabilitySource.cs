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
