using Bifrost.Tracer.Cgroups;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// Finds the pod's cgroup and the tracer's own container cgroup in the host's cgroup v2 tree. The tree must
/// be the host's (a hostPath mount of /sys/fs/cgroup, named by BIFROST_CGROUP_ROOT), because a container's
/// private cgroup namespace shows only its own subtree.
/// </summary>
public static class PodCgroupLocator
{
    public static (string Pod, string Own) Locate(string root, string podUid)
    {
        var own = OwnFromProc(root);
        if (own is not null)
        {
            return (Path.GetDirectoryName(own)!, own);
        }
        var pod = FindPod(root, podUid, depth: 4)
            ?? throw new TracerUnavailableException($"no cgroup for pod {podUid} under {root} (is the host's /sys/fs/cgroup mounted there?)");
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        own = Directory.EnumerateDirectories(pod).FirstOrDefault(d => ReadProcs(d).Contains(self))
            ?? throw new TracerUnavailableException($"the tracer's own container cgroup was not found under {pod}");
        return (pod, own);
    }

    // Without a private cgroup namespace /proc/self/cgroup names the real path.
    private static string? OwnFromProc(string root)
    {
        var relative = CgroupFs.PathOf(Environment.ProcessId);
        if (relative == "/")
        {
            return null;
        }
        var full = Path.Join(root, relative);
        return Directory.Exists(full) && Directory.Exists(Path.GetDirectoryName(full)) ? full : null;
    }

    private static string? FindPod(string directory, string podUid, int depth)
    {
        var systemd = podUid.Replace('-', '_');
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name.Contains(podUid, StringComparison.Ordinal) || name.Contains(systemd, StringComparison.Ordinal))
            {
                return child;
            }
            if (depth > 1 && name.StartsWith("kube", StringComparison.Ordinal) && FindPod(child, podUid, depth - 1) is { } found)
            {
                return found;
            }
        }
        return null;
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
