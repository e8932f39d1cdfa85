namespace Bifrost.Core.AppArmor;

/// <summary>
/// Capabilities apparmor_parser 3.0 accepts. Its table comes from the kernel headers it was built with: Debian 12's
/// 3.0.8 accepts all 41 below (checked with <c>apparmor_parser -Q</c>); an unknown name would make it refuse the whole profile.
/// </summary>
public static class CapabilityNames
{
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
        "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
        "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
        "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
        "checkpoint_restore",
    };
}
