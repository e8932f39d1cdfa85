namespace Bifrost.Agent.Cluster;

/// <summary>What the agent reports about itself beyond profile states; shared by its services.</summary>
internal sealed class AgentStatus
{
    private volatile string auditSource = "none";
    private volatile bool restored;
    private volatile bool synced;

    /// <summary>netlink, auditd-log, kmsg or none.</summary>
    public string AuditSource
    {
        get => auditSource;
        set => auditSource = value;
    }

    /// <summary>The profile directory has been loaded into the kernel since the agent started.</summary>
    public bool Restored
    {
        get => restored;
        set => restored = value;
    }

    /// <summary>The desired set came from the API server and the loader has reconciled it at least once.</summary>
    public bool Synced
    {
        get => synced;
        set => synced = value;
    }
}
