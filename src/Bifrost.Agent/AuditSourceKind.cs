namespace Bifrost.Agent;

/// <summary>Where the agent reads AppArmor audit records.</summary>
public enum AuditSourceKind
{
    /// <summary>Netlink where the kernel allows it, else the audit daemon's log where one runs, else /dev/kmsg.</summary>
    Auto,
    Netlink,
    AuditdLog,
    Kmsg,
    None,
}
