using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>runc itself makes the container's cgroup at a kubelet-shaped (cgroupfs driver) path.</summary>
public sealed class RuncContainerTests
{
    [RequiresFact(typeof(Runc))]
    public void Find_CgroupRuncMadeForAContainer_GivesItsIdAndTheSleepersCgroup()
    {
        using var tree = new CgroupTree();
        using var bundle = new RuncBundle();
        var pod = $"kubepods/burstable/pod{Layout.Uid}";

        var problem = bundle.Run($"{tree.Prefix}-app", $"/{tree.Prefix}/{pod}/{Layout.App}", detach: true, "sleep", "30");

        Assert.Null(problem);
        var pid = bundle.PidOf($"{tree.Prefix}-app");
        var sleeper = Path.Join(tree.Mount, CgroupFs.PathOf(pid));
        var inode = CgroupTree.Inodes([sleeper])[sleeper];
        var found = PodCgroup.Find(tree.Root, Layout.Uid);
        Assert.NotNull(found);
        Assert.Equal(Path.Join(tree.Root, pod), found.Directory);
        var container = Assert.Single(found.Containers());
        Assert.Equal((sleeper, inode, Layout.App, false), (container.Directory, container.CgroupId, container.ContainerId, container.Nested));
        Assert.Equal(Layout.App, found.ContainerIdOf(inode));
    }
}
