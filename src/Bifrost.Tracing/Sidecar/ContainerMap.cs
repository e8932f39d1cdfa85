using System.Collections.Concurrent;
using Bifrost.Core.Cgroups;
using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracing.Sidecar;

/// <summary>
/// Maps a cgroup id under the pod's cgroup to the container a record belongs to, without asking anyone: the runtime
/// container id that <see cref="PodCgroup"/> reads from the cgroup's name (crun's nested child counts as its parent
/// scope). The controller names the id from the pod's status. The runtime's helpers (CRI-O's conmon) belong to no
/// container. Only where the layout carries no id and the pod has a single profiled container is the record given
/// that container's name directly.
/// </summary>
public sealed class ContainerMap(string podCgroup, IReadOnlySet<string> profiledContainers)
{
    private readonly ConcurrentDictionary<ulong, ContainerKey?> cache = new();
    private readonly PodCgroup pod = PodCgroup.At(podCgroup);

    /// <summary>The container a cgroup belongs to, or null for one that names no container (a runtime helper, an unknown layout).</summary>
    public ContainerKey? KeyOf(ulong cgroupId) => cache.GetOrAdd(cgroupId, Resolve);

    /// <summary>
    /// The pod's container cgroups that hold processes now, with their container. The sandbox's is among them (its
    /// pids are not visible from the tracer's pid namespace to tell it apart), which is harmless: the pause process
    /// does nothing traced, and a container id no report names is never sent.
    /// </summary>
    public IReadOnlyList<(ulong CgroupId, ContainerKey Key)> Running() =>
        [.. pod.Containers()
            .Where(c => HasProcesses(c.Directory))
            .Select(c => (c.CgroupId, new ContainerKey(c.ContainerId, ById: true)))];

    private ContainerKey? Resolve(ulong cgroupId)
    {
        var cgroup = pod.Classify(cgroupId);
        if (cgroup is { Kind: CgroupKind.Container, ContainerId: { } id })
            return new ContainerKey(id, ById: true);
        if (cgroup?.Kind == CgroupKind.RuntimeHelper)
            return null;
        return profiledContainers.Count == 1 && cgroup?.Kind != CgroupKind.Pod ? new ContainerKey(profiledContainers.First(), ById: false) : null;
    }

    private static bool HasProcesses(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "cgroup.procs")).Length > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A container as a record names it: by runtime id (named later by the controller) or, where that is all there is, by name.</summary>
public sealed record ContainerKey(string Value, bool ById);
