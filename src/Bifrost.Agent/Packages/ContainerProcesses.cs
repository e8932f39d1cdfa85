using Bifrost.Core.Cgroups;

namespace Bifrost.Agent.Packages;

/// <summary>
/// Finds one process of each running container by its cgroup, named as <see cref="CgroupName"/> reads it for the
/// tracer: the kubelet's systemd and cgroupfs drivers with containerd, CRI-O and cri-dockerd, and crun's nested
/// <c>container</c> child. CRI-O's monitor (<c>crio-conmon-ID.scope</c>) lives on the host's root and is not the container.
/// </summary>
internal static class ContainerProcesses
{
    /// <summary>A process of each id found, by id; ids without a live process are left out.</summary>
    public static IReadOnlyDictionary<string, int> Find(string procRoot, IReadOnlyCollection<string> ids)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ids.Count == 0 || !Directory.Exists(procRoot))
            return found;
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(directory, "cgroup"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // The process exited meanwhile.
            }

            foreach (var id in ids)
            {
                if (!found.ContainsKey(id) && InContainer(text, id))
                    found[id] = pid;
            }

            if (found.Count == ids.Count)
                break;
        }

        return found;
    }

    /// <summary>Whether a <c>/proc/PID/cgroup</c> text puts the process in the container's own cgroup (v2 or v1).</summary>
    internal static bool InContainer(string cgroupText, string id) =>
        cgroupText.Split('\n').Any(line =>
            CgroupName.Parse(line[(line.LastIndexOf(':') + 1)..]) is { Kind: CgroupKind.Container, ContainerId: var found } && found == id);
}
