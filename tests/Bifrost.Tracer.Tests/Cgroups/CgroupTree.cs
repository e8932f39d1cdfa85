using System.Diagnostics;
using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>
/// Real cgroups in the host's cgroup v2 tree under a test-only prefix (bifrost-test-&lt;random&gt;), removed
/// afterwards with rmdir, deepest first, in every cgroup hierarchy (a runtime also makes v1 ones on hybrid hosts).
/// </summary>
internal sealed class CgroupTree : IDisposable
{
    public CgroupTree()
    {
        Prefix = $"bifrost-test-{Guid.NewGuid():N}"[..26];
        Mount = CgroupFs.FindMount() ?? throw new InvalidOperationException(Problem());
        Root = Path.Join(Mount, Prefix);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The cgroup2 mount point: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host.</summary>
    public string Mount { get; }

    public string Prefix { get; }

    /// <summary>The test's own subtree, standing in for the host's cgroup root.</summary>
    public string Root { get; }

    /// <summary>Why real cgroups cannot be made here, or null.</summary>
    public static string? Problem()
    {
        if (Bifrost.Tracing.Native.Libc.GetEffectiveUserId() != 0)
        {
            return "making cgroups needs root";
        }
        return CgroupFs.FindMount() is null ? "no cgroup2 filesystem is mounted" : null;
    }

    public string Make(string relative)
    {
        var path = Path.Join(Root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The inode numbers of the directories, as stat(1) reads them: independent of the code under test.</summary>
    public static IReadOnlyDictionary<string, ulong> Inodes(IEnumerable<string> directories)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%i %n", .. directories]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var stat = Process.Start(start)!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        if (stat.ExitCode != 0)
        {
            throw new InvalidOperationException("stat failed: " + stat.StandardError.ReadToEnd());
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[1], p => ulong.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        var mounts = MountInfoEntry.ParseAll(File.ReadAllText("/proc/self/mountinfo"))
            .Where(m => m.FsType is "cgroup" or "cgroup2")
            .Select(m => Path.Join(m.MountPoint, Prefix))
            .Where(Directory.Exists)
            .Distinct();
        foreach (var top in mounts)
        {
            var all = Directory.EnumerateDirectories(top, "*", SearchOption.AllDirectories).Append(top);
            foreach (var directory in all.OrderByDescending(d => d.Count(c => c == '/')).ToList())
            {
                Directory.Delete(directory, recursive: false);
            }
        }
    }
}
