namespace Bifrost.Tracing.Cgroups;

/// <summary>How a host mounts its cgroups.</summary>
public enum CgroupMode
{
    /// <summary>Only cgroup v2 holds controllers: containers' cgroups are in the v2 tree.</summary>
    Unified,

    /// <summary>Controllers on cgroup v1, with a controller-less cgroup v2 beside them (…/unified).</summary>
    Hybrid,

    /// <summary>Controllers on cgroup v1 and no cgroup v2 at all.</summary>
    Legacy,
}
