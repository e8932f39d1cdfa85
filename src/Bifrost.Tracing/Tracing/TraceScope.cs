namespace Bifrost.Tracing.Tracing;

/// <summary>
/// What the kernel side traces: every task whose cgroup has <paramref name="TargetCgroupId"/> as its ancestor at
/// <paramref name="TargetLevel"/>, except the cgroups in <paramref name="Excluded"/> (the tracer's own container).
/// </summary>
public sealed record TraceScope(ulong TargetCgroupId, int TargetLevel, IReadOnlyList<ulong> Excluded);
