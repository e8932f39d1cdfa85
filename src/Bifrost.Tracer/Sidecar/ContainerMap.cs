using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bifrost.Tracer.Cgroups;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// Maps a cgroup id under the pod's cgroup to a container name: the cgroup directory with that id is found
/// under the pod directory, its name carries the 64-hex container id (cri-containerd-ID.scope, crio-ID.scope
/// or ID), and the name source names that id. Cgroups that name no app container (the pause container)
/// map to null and their records are ignored.
/// </summary>
public sealed partial class ContainerMap(string podCgroup, IReadOnlySet<string> appContainers, IContainerNameSource? names)
{
    private readonly ConcurrentDictionary<ulong, string?> cache = new();

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
        // With one app container there is nothing to tell apart.
        if (appContainers.Count == 1 && names is null)
        {
            return appContainers.First();
        }
        var directory = Find(podCgroup, cgroupId, depth: 3);
        var id = directory is null ? null : ContainerId().Match(Path.GetFileName(directory)).Value;
        if (string.IsNullOrEmpty(id) || names is null)
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

    private static string? Find(string directory, ulong id, int depth)
    {
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (CgroupFs.IdOf(child) == id)
            {
                return child;
            }
            if (depth > 1 && Find(child, id, depth - 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex ContainerId();
}
