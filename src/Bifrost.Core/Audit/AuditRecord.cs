using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>
/// One AppArmor access record, reduced to what Bifrost needs: which profile, allowed or denied, and the access as an
/// <see cref="Observation"/>. The observation's <c>Container</c> is empty: only the caller knows which container a
/// profile belongs to.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The profile the rule belongs to: the label with any <c>//null-</c> child and mode suffix removed.</summary>
    public required string Profile { get; init; }

    /// <summary>The label exactly as the record names it (a hat or null child keeps its <c>//</c> part).</summary>
    public required string Label { get; init; }

    public required AuditVerdict Verdict { get; init; }

    /// <summary>The kernel's operation name: open, exec, capable, connect, signal, ptrace, mount, …</summary>
    public required string Operation { get; init; }

    /// <summary>The access, or null for an operation Bifrost does not learn from (change_hat, profile loads, …).</summary>
    public Observation? Observation { get; init; }

    /// <summary>The record's time from <c>audit(seconds.millis:serial)</c>, when the line has one.</summary>
    public DateTimeOffset? Time { get; init; }

    public long? Serial { get; init; }
    public int? Pid { get; init; }
    public string? Comm { get; init; }
}
