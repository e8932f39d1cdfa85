namespace Bifrost.Core.Cgroups;

/// <summary>What a cgroup directory under the kubelet's tree is, judged from its name.</summary>
public enum CgroupKind
{
    /// <summary>Not a pod or container cgroup (a QoS slice, kubepods itself, a system service …).</summary>
    Unknown,

    /// <summary>The cgroup of one pod: <c>pod&lt;uid&gt;</c> or <c>…-pod&lt;uid_with_underscores&gt;.slice</c>.</summary>
    Pod,

    /// <summary>A container's cgroup (the pause container's too), or crun's nested <c>container</c> child of one.</summary>
    Container,

    /// <summary>The runtime's own helper beside a container (CRI-O's conmon): never traced as a container.</summary>
    RuntimeHelper,
}
