namespace Bifrost.Tracer.Tracing;

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
