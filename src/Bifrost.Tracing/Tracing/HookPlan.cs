namespace Bifrost.Tracing.Tracing;

/// <summary>Which hooks a session uses, decided at start from what this kernel offers and the settings.</summary>
/// <param name="Capabilities">Where capability observations come from.</param>
/// <param name="PerSyscall">Per-syscall tracepoints (else the raw sys_exit program on every syscall).</param>
/// <param name="CapabilityChecks">The cap_capable tracepoint judges set*id (else their entries are hooked: per syscall, or by the raw sys_enter program).</param>
/// <param name="Lsm">
/// fexit on the kernel's security_* hooks instead of any syscall program (PerSyscall and CapabilityChecks are then
/// false, and Capabilities is fentry).
/// </param>
internal sealed record HookPlan(CapabilitySource Capabilities, bool PerSyscall, bool CapabilityChecks, bool Lsm = false);
