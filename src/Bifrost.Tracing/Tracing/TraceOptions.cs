namespace Bifrost.Tracing.Tracing;

/// <summary>Tunables of the kernel side: the sidecar runs with the defaults, `bifrost learn` sets some from its options.</summary>
public sealed record TraceOptions
{
    /// <summary>Ring buffer size in bytes: a power of two, at least one page.</summary>
    public int RingBufferBytes { get; init; } = 4 << 20;

    /// <summary>
    /// The reader is woken only once this much is waiting (otherwise it drains at its 100 ms poll interval),
    /// so bursts are batched. Keep it well below <see cref="RingBufferBytes"/>.
    /// </summary>
    public int WakeupBytes { get; init; } = 256 << 10;

    /// <summary>
    /// Where capability checks are seen: Auto (the default) tries fentry on cap_capable, then a kprobe, then
    /// infers from syscalls; Fentry or Kprobe tries only that hook (inferring where this kernel refuses it);
    /// Infer never probes.
    /// </summary>
    public CapabilityHook CapabilityHook { get; init; } = CapabilityHook.Auto;

    /// <summary>
    /// Auto (the default) sees file, socket, ptrace and path operations at the kernel's LSM hooks (fexit on
    /// security_*, with fentry on cap_capable) where this kernel loads them, and through syscall tracepoints
    /// elsewhere; the LSM path attaches no syscall tracepoint, so untraced syscalls stay on the kernel's fast path.
    /// Lsm requires it (the tracer does not start without it); Syscalls never tries it. The default is Auto, or the
    /// environment's BIFROST_TRACER_HOOKS (auto, lsm or syscalls) where set: a node where one path misbehaves can be
    /// kept off it without a new image, and the kernel VM test tier runs its general suite on the syscall path (under
    /// software emulation attaching the LSM path takes ~15 s; its own tests force it).
    /// </summary>
    public HookPath Hooks { get; init; } = DefaultHooks();

    /// <summary>BIFROST_TRACER_HOOKS as <see cref="HooksNamed"/> reads it.</summary>
    public static HookPath DefaultHooks() => HooksNamed(Environment.GetEnvironmentVariable("BIFROST_TRACER_HOOKS"));

    /// <summary>The path <paramref name="text"/> names (any case); Auto when empty; an undefined value, which <see cref="Validate"/> reports, when it names none.</summary>
    public static HookPath HooksNamed(string? text) =>
        string.IsNullOrEmpty(text) ? HookPath.Auto
        : Enum.GetNames<HookPath>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<HookPath>(name)
        : (HookPath)(-1);

    /// <summary>
    /// Hook each syscall of interest through its own tracepoint (the default; needs tracefs, which is mounted
    /// when missing). False runs the raw sys_enter/sys_exit programs on every syscall instead, as happens
    /// anyway where tracefs cannot be had.
    /// </summary>
    public bool PerSyscallTracepoints { get; init; } = true;

    /// <summary>
    /// Load the build that reads file fields as BTF-typed loads through bpf_rdonly_cast where the kernel has it
    /// (Linux 6.2+), falling back to the portable build elsewhere. False always loads the portable build.
    /// </summary>
    public bool TypedFileReads { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (RingBufferBytes < 4096 || (RingBufferBytes & (RingBufferBytes - 1)) != 0)
        {
            yield return $"RingBufferBytes must be a power of two of at least 4096 (was {RingBufferBytes})";
        }
        if (!Enum.IsDefined(CapabilityHook))
        {
            yield return $"CapabilityHook must be one of {string.Join(", ", Enum.GetNames<CapabilityHook>())} (was {(int)CapabilityHook})";
        }
        if (!Enum.IsDefined(Hooks))
        {
            yield return $"Hooks must be one of {string.Join(", ", Enum.GetNames<HookPath>())} (was {(int)Hooks}; BIFROST_TRACER_HOOKS sets the default)";
        }
        if (Hooks == HookPath.Lsm && CapabilityHook is CapabilityHook.Kprobe or CapabilityHook.Infer)
        {
            yield return $"Hooks: Lsm needs fentry on cap_capable, which CapabilityHook: {CapabilityHook} rules out";
        }
        if (WakeupBytes < 0)
        {
            yield return $"WakeupBytes must not be negative (was {WakeupBytes})";
        }
    }
}
