using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Cgroups;

/// <summary>The cgroup v2 hierarchy: where it is mounted, and the id and depth of a cgroup directory.</summary>
internal static class CgroupFs
{
    internal const string FallbackMount = "/run/bifrost/cgroup2";

    /// <summary>
    /// The cgroup2 mount point, mounting it under /run/bifrost when the host has none (cgroup v1 hosts): enough for
    /// local learning, which makes its own cgroup; pod tracing checks <see cref="CgroupHierarchy"/> first.
    /// </summary>
    public static string Root()
    {
        var existing = FindMount();
        if (existing is not null)
        {
            return existing;
        }
        Directory.CreateDirectory(FallbackMount);
        var errno = Libc.Mount("none", FallbackMount, "cgroup2");
        if (errno != 0)
        {
            throw new TracerUnavailableException($"cgroup v2 is not mounted and mounting it at {FallbackMount} failed (errno {errno})");
        }
        return FallbackMount;
    }

    public static string? FindMount() =>
        MountInfoEntry.ParseAll(File.ReadAllText("/proc/self/mountinfo")).FirstOrDefault(m => m.FsType == "cgroup2" && m.Root == "/")?.MountPoint;

    /// <summary>The cgroup id the kernel's helpers return for a directory: its kernfs inode number.</summary>
    public static ulong IdOf(string directory) =>
        Libc.InodeOf(directory) ?? throw new TracerUnavailableException($"cannot stat cgroup {directory}");

    /// <summary>Depth below the hierarchy root (the root is level 0), as bpf_get_current_ancestor_cgroup_id counts.</summary>
    public static int LevelOf(string root, string directory) =>
        Path.GetRelativePath(root, directory).Split('/', StringSplitOptions.RemoveEmptyEntries).Count(p => p != ".");

    /// <summary>A process's cgroup v2 path relative to the hierarchy root ("/" for the root).</summary>
    public static string PathOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/cgroup"))
        {
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return line[3..];
            }
        }
        throw new TracerUnavailableException($"process {pid} has no cgroup v2 membership");
    }
}
