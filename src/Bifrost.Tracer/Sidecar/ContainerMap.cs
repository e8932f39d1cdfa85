using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bifrost.Tracer.Cgroups;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// Maps a cgroup id under the pod's cgroup to the container a record belongs to, without asking anyone: the runtime
/// container id in the cgroup's name (cri-containerd-ID.scope, crio-ID.scope, docker-ID.scope or ID). The controller
/// names the id from the pod's status. Only where the layout carries no id and the pod has a single profiled
/// container is the record given that container's name directly.
/// </summary>
public sealed partial class ContainerMap(string podCgroup, IReadOnlySet<string> profiledContainers)
{
    private readonly ConcurrentDictionary<ulong, ContainerKey?> cache = new();

    /// <summary>The container a cgroup belongs to, or null for one that names no container (the sandbox, an unknown layout).</summary>
    public ContainerKey? KeyOf(ulong cgroupId) => cache.GetOrAdd(cgroupId, Resolve);

    /// <summary>
    /// The pod's cgroups that hold processes now, with their container. The sandbox's is among them (its pids are not
    /// visible from the tracer's pid namespace to tell it apart), which is harmless: the pause process does nothing traced.
    /// </summary>
    public IReadOnlyList<(ulong CgroupId, ContainerKey Key)> Running()
    {
        var running = new List<(ulong, ContainerKey)>();
        foreach (var directory in Walk(podCgroup, depth: 2))
        {
            var pids = ReadProcs(directory);
            if (pids.Length == 0)
                continue;
            var id = CgroupFs.IdOf(directory);
            if (KeyOf(id) is { } key)
                running.Add((id, key));
        }

        return running;
    }

    private ContainerKey? Resolve(ulong cgroupId)
    {
        var directory = Walk(podCgroup, depth: 3).FirstOrDefault(d => CgroupFs.IdOf(d) == cgroupId);
        // crun under systemd puts the processes one level below the container's scope.
        var named = directory is not null && Path.GetFileName(directory) == "container" ? Path.GetDirectoryName(directory) : directory;
        var id = named is null ? "" : ContainerId().Match(Path.GetFileName(named)).Value;
        if (id.Length > 0)
            return new ContainerKey(id, ById: true);
        return profiledContainers.Count == 1 ? new ContainerKey(profiledContainers.First(), ById: false) : null;
    }

    private static IEnumerable<string> Walk(string directory, int depth)
    {
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(directory).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        foreach (var child in children)
        {
            yield return child;
            if (depth > 1)
            {
                foreach (var below in Walk(child, depth - 1))
                    yield return below;
            }
        }
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

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex ContainerId();
}

/// <summary>A container as a record names it: by runtime id (named later by the controller) or, where that is all there is, by name.</summary>
public sealed record ContainerKey(string Value, bool ById);
