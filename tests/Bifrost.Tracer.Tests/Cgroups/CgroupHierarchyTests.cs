using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>
/// Over mountinfo samples the kernel wrote: the hybrid host these tests were written on, and the same kernel's
/// unified and legacy layouts made in private mount namespaces (unshare -m, then umount and mount the cgroup
/// filesystems).
/// </summary>
public sealed class CgroupHierarchyTests
{
    [Theory]
    [InlineData("unified.txt", CgroupMode.Unified)]
    [InlineData("unified-named-systemd.txt", CgroupMode.Unified)]
    [InlineData("hybrid.txt", CgroupMode.Hybrid)]
    [InlineData("legacy.txt", CgroupMode.Legacy)]
    [InlineData("legacy-fallback.txt", CgroupMode.Legacy)]
    public void Detect_RealMountinfo_NamesTheHostsMode(string sample, CgroupMode expected)
    {
        Assert.Equal(expected, CgroupHierarchy.Detect(Sample(sample)));
    }

    [Fact]
    public void Problem_LegacyHost_SaysSoInOneLine()
    {
        Assert.Equal(
            "cgroup v1 host: Bifrost's tracer needs the unified cgroup v2 hierarchy (systemd.unified_cgroup_hierarchy=1); learning falls back to audit records",
            CgroupHierarchy.Problem(Sample("legacy.txt")));
    }

    [Fact]
    public void Problem_HybridHost_NamesTheUnifiedMountInOneLine()
    {
        Assert.Equal(
            "hybrid cgroup host (cgroup v2 at /sys/fs/cgroup/unified, controllers on cgroup v1): Bifrost's tracer needs the unified cgroup v2 hierarchy (systemd.unified_cgroup_hierarchy=1); learning falls back to audit records",
            CgroupHierarchy.Problem(Sample("hybrid.txt")));
    }

    [Theory]
    [InlineData("unified.txt")]
    [InlineData("unified-named-systemd.txt")]
    public void Problem_UnifiedHost_IsNone(string sample)
    {
        Assert.Null(CgroupHierarchy.Problem(Sample(sample)));
    }

    [Fact]
    public void Within_LegacyHost_RefusesBeforeLooking()
    {
        var looked = false;

        var e = Assert.Throws<TracerUnavailableException>(() => CgroupHierarchy.Within(Sample("legacy.txt"), () => looked = true));

        Assert.False(looked);
        Assert.StartsWith("cgroup v1 host: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_HybridHostWhoseRuntimeJoinedTheV2Tree_Traces()
    {
        Assert.Equal("pod", CgroupHierarchy.Within(Sample("hybrid.txt"), () => "pod"));
    }

    [Fact]
    public void Within_HybridHostWithoutThePodInTheV2Tree_SaysHybridAndWhatWasMissing()
    {
        var e = Assert.Throws<TracerUnavailableException>(() =>
            CgroupHierarchy.Within<string>(Sample("hybrid.txt"), () => throw new TracerUnavailableException("no cgroup for pod u1 under /host/sys/fs/cgroup")));

        Assert.StartsWith("hybrid cgroup host (cgroup v2 at /sys/fs/cgroup/unified", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(no cgroup for pod u1 under /host/sys/fs/cgroup)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_UnifiedHost_PassesTheLocatorsOwnReason()
    {
        var e = Assert.Throws<TracerUnavailableException>(() =>
            CgroupHierarchy.Within<string>(Sample("unified.txt"), () => throw new TracerUnavailableException("no cgroup for pod u1")));

        Assert.Equal("no cgroup for pod u1", e.Message);
    }

    [Fact]
    public void Detect_ThisHost_AgreesWithWhereItsCgroup2IsMounted()
    {
        var mountinfo = File.ReadAllText("/proc/self/mountinfo");
        var mode = CgroupHierarchy.Detect(mountinfo);

        var controllers = Directory.Exists("/sys/fs/cgroup/memory") || Directory.Exists("/sys/fs/cgroup/cpu");
        Assert.Equal(controllers, mode != CgroupMode.Unified);
    }

    [Fact]
    public void Parse_OptionalFieldsAndEscapedMountPoint_FindsTypeAndPath()
    {
        var entry = MountInfoEntry.Parse(@"36 25 0:31 / /mnt/with\040space\134x rw,nosuid shared:9 master:2 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot");

        Assert.NotNull(entry);
        Assert.Equal(("/", "/mnt/with space\\x", "cgroup2"), (entry.Root, entry.MountPoint, entry.FsType));
        Assert.Equal(["rw", "nsdelegate", "memory_recursiveprot"], entry.SuperOptions);
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cgroups", "MountInfo", name));
}
