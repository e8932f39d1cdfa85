using System.Collections.Concurrent;
using Bifrost.Tracer.Cgroups;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// Maps a cgroup id under the pod's cgroup to a container name: <see cref="PodCgroup"/> finds the runtime's
/// container id for the cgroup (crun's nested child counts as its parent scope), and the name source names that
/// id. Cgroups that name no app container (the pause container) and the runtime's helpers (CRI-O's conmon) map
/// to null and their records are ignored.
/// </summary>
public sealed class ContainerMap(string podCgroup, IReadOnlySet<string> appContainers, IContainerNameSource? names)
{
    private readonly ConcurrentDictionary<ulong, string?> cache = new();
    private readonly PodCgroup pod = PodCgroup.At(podCgroup);

    public async Task<string?> NameOfAsync(ulong cgroupId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(cgroupId, out var name))
        {
            return name;
        }
        name = await ResolveAsync(cgroupId, cancellationToken).ConfigureAwait(false);
        cache[cgroupId] = name;
        return name;
    }

    private async Task<string?> ResolveAsync(ulong cgroupId, CancellationToken cancellationToken)
    {
        var cgroup = pod.Classify(cgroupId);
        if (cgroup?.Kind == CgroupKind.RuntimeHelper)
        {
            return null;
        }
        // With one app container there is nothing to tell apart.
        if (appContainers.Count == 1 && names is null)
        {
            return appContainers.First();
        }
        var id = cgroup?.ContainerId;
        if (id is null || names is null)
        {
            return appContainers.Count == 1 ? appContainers.First() : null;
        }
        try
        {
            var name = await names.NameOfAsync(id, cancellationToken).ConfigureAwait(false);
            return name is not null && appContainers.Contains(name) ? name : null;
        }
        catch (HttpRequestException)
        {
            cache.TryRemove(cgroupId, out _);
            return appContainers.Count == 1 ? appContainers.First() : null;
        }
    }
}
