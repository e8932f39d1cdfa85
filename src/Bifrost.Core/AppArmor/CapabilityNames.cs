namespace Bifrost.Core.AppArmor;

/// <summary>
/// Linux capabilities by number, spelled as AppArmor rules spell them. apparmor_parser 3.0 takes its table from the
/// kernel headers it was built with: Debian 12's 3.0.8 accepts all 41 below (checked with <c>apparmor_parser -Q</c>);
/// an unknown name would make it refuse the whole profile. The tracer and the audit parser name numbers with it.
/// </summary>
public static class CapabilityNames
{
    private static readonly string[] ByKernelNumber =
    [
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
        "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
        "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
        "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
        "checkpoint_restore",
    ];

    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(ByKernelNumber, StringComparer.Ordinal);

    /// <summary>The name of capability <paramref name="number"/> (CAP_CHOWN is 0), or null past the known ones.</summary>
    public static string? ByNumber(long number) => number >= 0 && number < ByKernelNumber.Length ? ByKernelNumber[number] : null;
}
