namespace Bifrost.Core.Cgroups;

/// <summary>The runtime a container cgroup's name points to.</summary>
public enum ContainerRuntime
{
    /// <summary>The cgroupfs driver's bare <c>&lt;id&gt;</c>: the name does not say which runtime made it.</summary>
    Unknown,

    /// <summary><c>cri-containerd-&lt;id&gt;.scope</c>.</summary>
    Containerd,

    /// <summary><c>crio-&lt;id&gt;.scope</c> (systemd driver) or <c>crio-&lt;id&gt;</c> (cgroupfs driver).</summary>
    CriO,

    /// <summary><c>docker-&lt;id&gt;.scope</c>, as dockerd makes them for cri-dockerd.</summary>
    Docker,
}
