using Bifrost.Core.Cgroups;
using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracing.Sidecar;

/// <summary>
/// Finds the pod's cgroup and the tracer's own container cgroup in the host's cgroup v2 tree. The tree must
/// be the host's (a hostPath mount of /sys/fs/cgroup, named by BIFROST_CGROUP_ROOT), because a container's
/// private cgroup namespace shows only its own subtree.
/// </summary>
public static class PodCgroupLocator
{
    /// <summary>
    /// Throws <see cref="TracerUnavailableException"/> on cgroup v1 hosts, or when either cgroup is not found (on a
    /// hybrid host, saying that the runtime did not put the pod in the v2 tree).
    /// </summary>
    public static (string Pod, string Own) Locate(string root, string podUid) =>
        CgroupHierarchy.Within(File.ReadAllText("/proc/self/mountinfo"), () => Locate(root, podUid, CgroupFs.PathOf(Environment.ProcessId), Environment.ProcessId));

    /// <summary>The same, for a process whose cgroup v2 path (as /proc/&lt;pid&gt;/cgroup shows it) is given.</summary>
    internal static (string Pod, string Own) Locate(string root, string podUid, string ownPath, int pid)
    {
        var own = OwnFromProc(root, ownPath);
        if (own is not null)
        {
            return (PodOf(own), own);
        }
        var pod = PodCgroup.Find(root, podUid)
            ?? throw new TracerUnavailableException($"no cgroup for pod {podUid} under {root} (is the host's /sys/fs/cgroup mounted there?)");
        var self = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        own = pod.Containers().Select(c => c.Directory).FirstOrDefault(d => ReadProcs(d).Contains(self))
            ?? throw new TracerUnavailableException($"the tracer's own container cgroup was not found under {pod.Directory}");
        return (pod.Directory, own);
    }

    // Without a private cgroup namespace /proc/self/cgroup names the real path.
    private static string? OwnFromProc(string root, string relative)
    {
        if (relative == "/")
        {
            return null;
        }
        var full = Path.Join(root, relative);
        return Directory.Exists(full) && Directory.Exists(Path.GetDirectoryName(full)) ? full : null;
    }

    // The pod is the nearest ancestor named like one; crun's nested child puts it two levels up, not one.
    private static string PodOf(string own)
    {
        for (var d = Path.GetDirectoryName(own); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
        {
            if (CgroupName.Parse(d).Kind == CgroupKind.Pod)
            {
                return d;
            }
        }
        var parent = Path.GetDirectoryName(own)!;
        return CgroupName.Parse(own).Nested ? Path.GetDirectoryName(parent)! : parent;
    }

    private static string[] ReadProcs(string directory)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(directory, "cgroup.procs"));
        }
        catch (IOException)
        {
            return [];
        }
    }
}
