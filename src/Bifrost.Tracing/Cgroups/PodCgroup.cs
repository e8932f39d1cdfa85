using Bifrost.Core.Cgroups;

namespace Bifrost.Tracing.Cgroups;

/// <summary>
/// A pod's cgroup in a cgroup v2 tree and the container cgroups below it, read from the tree each time it is
/// asked (containers start and restart while the pod lives).
/// </summary>
public sealed class PodCgroup
{
    /// <summary>
    /// How deep below the root the pod's cgroup may be: kind nests it five levels down
    /// (kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/…-pod….slice), k3s and nested
    /// nodes can add a couple more.
    /// </summary>
    public const int SearchDepth = 8;

    // Containers that make cgroups of their own (systemd inside, or a delegated subtree) stay theirs.
    private const int ContainerDepth = 4;

    private PodCgroup(string directory, string? uid)
    {
        Directory = directory;
        Uid = uid;
    }

    public string Directory { get; }

    /// <summary>The pod's uid as the API server writes it, or null when the directory's name does not carry it.</summary>
    public string? Uid { get; }

    /// <summary>The pod cgroup's id (its kernfs inode).</summary>
    public ulong Id => CgroupFs.IdOf(Directory);

    /// <summary>Finds the pod's cgroup below <paramref name="root"/> (breadth first, to <see cref="SearchDepth"/> levels), or null.</summary>
    public static PodCgroup? Find(string root, string podUid)
    {
        ArgumentNullException.ThrowIfNull(root);
        var uid = CgroupName.NormalizeUid(podUid);
        var level = new List<string> { root };
        for (var depth = 0; depth < SearchDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var directory in level)
            {
                foreach (var child in Children(directory))
                {
                    var name = CgroupName.Parse(Path.GetFileName(child));
                    if (name.Kind == CgroupKind.Pod && name.PodUid == uid)
                    {
                        return new PodCgroup(child, uid);
                    }
                    // A container's cgroup is never a pod's ancestor, except a node that is itself a container (kind).
                    if (name.Kind != CgroupKind.Pod && name.Kind != CgroupKind.RuntimeHelper)
                    {
                        next.Add(child);
                    }
                }
            }
            level = next;
        }
        return null;
    }

    /// <summary>The pod cgroup at a directory already known (from the tracer's own cgroup, say).</summary>
    public static PodCgroup At(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new PodCgroup(directory, CgroupName.Parse(directory).PodUid);
    }

    /// <summary>The pod's container cgroups as they are now (the pause container's included, the runtime's helpers not).</summary>
    public IReadOnlyList<ContainerCgroup> Containers()
    {
        var found = new List<ContainerCgroup>();
        foreach (var child in Children(Directory))
        {
            var name = CgroupName.Parse(Path.GetFileName(child));
            if (name.Kind != CgroupKind.Container || IdOrNull(child) is not { } id)
            {
                continue;
            }
            found.Add(new ContainerCgroup(child, id, name.ContainerId!, name.Runtime, Nested: false));
            var nested = Path.Join(child, CgroupName.NestedChild);
            if (System.IO.Directory.Exists(nested) && IdOrNull(nested) is { } nestedId)
            {
                found.Add(new ContainerCgroup(nested, nestedId, name.ContainerId!, name.Runtime, Nested: true));
            }
        }
        return found;
    }

    /// <summary>
    /// The runtime's container id for a cgroup id of this pod: a container's cgroup, crun's nested child or any
    /// cgroup below them maps to the container; the pod's own cgroup, the runtime's helpers and ids not (or no
    /// longer) in the pod map to null.
    /// </summary>
    public string? ContainerIdOf(ulong cgroupId) => Classify(cgroupId) is { Kind: CgroupKind.Container } name ? name.ContainerId : null;

    /// <summary>What the cgroup with this id is, or null when it is not in the pod's tree (any more).</summary>
    internal CgroupName? Classify(ulong cgroupId)
    {
        if (IdOrNull(Directory) == cgroupId)
        {
            return new CgroupName(CgroupKind.Pod, PodUid: Uid);
        }
        foreach (var child in Children(Directory))
        {
            var name = CgroupName.Parse(Path.GetFileName(child));
            if (IdOrNull(child) == cgroupId)
            {
                return name;
            }
            if (Contains(child, cgroupId, ContainerDepth))
            {
                // Below a container (crun's nested child and anything deeper) is that container; below anything else, nothing.
                return name.Kind is CgroupKind.Container or CgroupKind.RuntimeHelper ? name with { Nested = true } : CgroupName.Unknown;
            }
        }
        return null;
    }

    private static bool Contains(string directory, ulong cgroupId, int depth)
    {
        foreach (var child in Children(directory))
        {
            if (IdOrNull(child) == cgroupId || (depth > 1 && Contains(child, cgroupId, depth - 1)))
            {
                return true;
            }
        }
        return false;
    }

    // Cgroups come and go while the tree is walked: a vanished one is simply not there.
    private static string[] Children(string directory)
    {
        try
        {
            return System.IO.Directory.GetDirectories(directory);
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static ulong? IdOrNull(string directory) => Native.Libc.InodeOf(directory);
}
