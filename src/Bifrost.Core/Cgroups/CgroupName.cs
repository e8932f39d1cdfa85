using System.Text.RegularExpressions;

namespace Bifrost.Core.Cgroups;

/// <summary>
/// What one cgroup is, read from its name alone: the pod (with the API server's form of its uid), a container
/// (with the runtime's 64-hex id), the runtime's helper beside a container, or unknown. Covers the systemd and
/// cgroupfs drivers of the kubelet with containerd, CRI-O and cri-dockerd, and crun's nested <c>container</c> child.
/// </summary>
public sealed partial record CgroupName(CgroupKind Kind, string? PodUid = null, string? ContainerId = null, ContainerRuntime Runtime = ContainerRuntime.Unknown, bool Nested = false)
{
    /// <summary>crun, under the systemd driver, moves a container's processes one level below its scope.</summary>
    public const string NestedChild = "container";

    public static readonly CgroupName Unknown = new(CgroupKind.Unknown);

    /// <summary>
    /// Classifies a cgroup by its directory name, or by a relative or absolute path: a path is needed to see crun's
    /// <c>container</c> child, which belongs to the container of its parent scope.
    /// </summary>
    public static CgroupName Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return Unknown;
        }
        if (parts[^1] == NestedChild)
        {
            return parts.Length > 1 && ParseName(parts[^2]) is { Kind: CgroupKind.Container } parent
                ? parent with { Nested = true }
                : Unknown;
        }
        return ParseName(parts[^1]);
    }

    private static CgroupName ParseName(string name)
    {
        var container = ContainerName().Match(name);
        if (container.Success)
        {
            var id = container.Groups["id"].Value;
            return container.Groups["prefix"].Value switch
            {
                "cri-containerd" => new(CgroupKind.Container, ContainerId: id, Runtime: ContainerRuntime.Containerd),
                "crio" => new(CgroupKind.Container, ContainerId: id, Runtime: ContainerRuntime.CriO),
                "crio-conmon" => new(CgroupKind.RuntimeHelper, ContainerId: id, Runtime: ContainerRuntime.CriO),
                "docker" => new(CgroupKind.Container, ContainerId: id, Runtime: ContainerRuntime.Docker),
                _ => new(CgroupKind.Container, ContainerId: id),
            };
        }
        var pod = PodName().Match(name);
        if (pod.Success)
        {
            // systemd reserves '-' for the slice hierarchy, so the kubelet writes the uid's dashes as '_'.
            return new(CgroupKind.Pod, PodUid: pod.Groups["uid"].Value.Replace('_', '-'));
        }
        return Unknown;
    }

    /// <summary>A pod uid as the API server writes it, whichever form it came in.</summary>
    public static string NormalizeUid(string podUid)
    {
        ArgumentNullException.ThrowIfNull(podUid);
        return podUid.Replace('_', '-').ToLowerInvariant();
    }

    // A cgroupfs-driver name is the bare id; a systemd-driver name has a prefix and ".scope". CRI-O's cgroupfs
    // manager keeps the prefix without ".scope".
    [GeneratedRegex(@"^(?:(?<prefix>cri-containerd|crio-conmon|crio|docker)-)?(?<id>[0-9a-f]{64})(?:\.scope)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();

    // Pod uids are UUIDs, except static pods' (32 hex digits of a hash). The systemd driver nests the slice
    // names (kubepods-burstable-pod….slice, and kind's kubelet-kubepods-…); the cgroupfs driver writes pod<uid>.
    [GeneratedRegex(@"^(?:[a-z0-9_]+-)*pod(?<uid>[0-9a-f]{8}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{12})(?:\.slice)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PodName();
}
