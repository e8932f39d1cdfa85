namespace Bifrost.Tracing.Cgroups;

/// <summary>
/// Tells a cgroup v2 host from a v1 or hybrid one by its mounts. The tracer scopes by cgroup v2 ids: a v1 host has
/// no v2 tree holding the pods, and on a hybrid host the controller-less v2 tree holds a container only if its
/// runtime chose to join it (runc and systemd do), so the sidecar traces there only when it finds its pod in that
/// tree, and otherwise says that the host is hybrid.
/// </summary>
public static class CgroupHierarchy
{
    private const string Remedy = "Bifrost's tracer needs the unified cgroup v2 hierarchy (systemd.unified_cgroup_hierarchy=1); learning falls back to audit records";

    // cgroup v1's controllers. A v1 mount with none of them (name=systemd alone, kept for old containers on v2
    // hosts) holds no resources, so it does not make a host v1.
    private static readonly HashSet<string> Controllers = new(StringComparer.Ordinal)
    {
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc",
    };

    /// <summary>The host's cgroup mode from the text of /proc/self/mountinfo.</summary>
    public static CgroupMode Detect(string mountinfo)
    {
        var mounts = MountInfoEntry.ParseAll(mountinfo).ToList();
        if (!mounts.Any(m => m.FsType == "cgroup" && m.SuperOptions.Any(Controllers.Contains)))
        {
            return CgroupMode.Unified;
        }
        // The cgroup2 the tracer mounts for itself on v1 hosts does not make a hybrid one.
        return mounts.Any(m => m.FsType == "cgroup2" && m.MountPoint != CgroupFs.FallbackMount) ? CgroupMode.Hybrid : CgroupMode.Legacy;
    }

    /// <summary>Why pods cannot be traced on a host with these mounts, in one line, or null when they can.</summary>
    public static string? Problem(string mountinfo)
    {
        var mounts = MountInfoEntry.ParseAll(mountinfo);
        return Detect(mountinfo) switch
        {
            CgroupMode.Legacy => "cgroup v1 host: " + Remedy,
            CgroupMode.Hybrid => $"hybrid cgroup host (cgroup v2 at {mounts.First(m => m.FsType == "cgroup2" && m.MountPoint != CgroupFs.FallbackMount).MountPoint}, controllers on cgroup v1): " + Remedy,
            _ => null,
        };
    }

    /// <summary>
    /// Runs <paramref name="locate"/> on a v2 or hybrid host. A v1 host fails at once with the one-line reason; on a
    /// hybrid host a pod that is not in the v2 tree fails with the hybrid reason in front of the locator's own.
    /// </summary>
    public static T Within<T>(string mountinfo, Func<T> locate)
    {
        ArgumentNullException.ThrowIfNull(locate);
        var mode = Detect(mountinfo);
        if (mode == CgroupMode.Legacy)
        {
            throw new TracerUnavailableException(Problem(mountinfo)!);
        }
        try
        {
            return locate();
        }
        catch (TracerUnavailableException e) when (mode == CgroupMode.Hybrid)
        {
            throw new TracerUnavailableException($"{Problem(mountinfo)} ({e.Message})", e);
        }
    }
}
