using Bifrost.Tracing.Cgroups;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>On real cgroups, made the way each driver and runtime lays a pod out, checked against stat(1)'s inode numbers.</summary>
public sealed class PodCgroupTests : IDisposable
{
    private readonly CgroupTree? tree = CgroupTree.Problem() is null ? new CgroupTree() : null;

    private CgroupTree Tree => tree ?? throw new InvalidOperationException(CgroupTree.Problem());

    public void Dispose() => tree?.Dispose();

    [RequiresTheory(typeof(RealCgroups))]
    [MemberData(nameof(Layout.Names), MemberType = typeof(Layout))]
    public void Find_EveryLayout_FindsThePodAndListsItsContainersWithTheirInodes(string layoutName)
    {
        var layout = Make(Layout.Named(layoutName));
        var inodes = CgroupTree.Inodes(layout.Containers.Select(c => Path.Join(Tree.Root, c.Path)).Append(Path.Join(Tree.Root, layout.Pod)));

        var pod = PodCgroup.Find(Tree.Root, layout.PodUid);

        Assert.NotNull(pod);
        Assert.Equal(Path.Join(Tree.Root, layout.Pod), pod.Directory);
        Assert.Equal(Layout.Uid, pod.Uid);
        Assert.Equal(inodes[pod.Directory], pod.Id);
        var expected = layout.Containers
            .Select(c => (Path.Join(Tree.Root, c.Path), inodes[Path.Join(Tree.Root, c.Path)], c.ContainerId, c.Nested))
            .OrderBy(c => c.Item1, StringComparer.Ordinal);
        var found = pod.Containers()
            .Select(c => (c.Directory, c.CgroupId, c.ContainerId, c.Nested))
            .OrderBy(c => c.Directory, StringComparer.Ordinal);
        Assert.Equal(expected, found);
    }

    [RequiresTheory(typeof(RealCgroups))]
    [MemberData(nameof(Layout.Names), MemberType = typeof(Layout))]
    public void ContainerIdOf_EveryLayout_MapsEachContainerCgroupAndNothingElse(string layoutName)
    {
        var layout = Make(Layout.Named(layoutName));
        var ignored = layout.Ignored.Select(p => Path.Join(Tree.Root, p)).Append(Path.Join(Tree.Root, layout.Pod)).Append(Tree.Root).ToList();
        var inodes = CgroupTree.Inodes(layout.Containers.Select(c => Path.Join(Tree.Root, c.Path)).Concat(ignored));
        var pod = PodCgroup.Find(Tree.Root, layout.PodUid)!;

        Assert.All(layout.Containers, c => Assert.Equal(c.ContainerId, pod.ContainerIdOf(inodes[Path.Join(Tree.Root, c.Path)])));
        Assert.All(ignored, p => Assert.Null(pod.ContainerIdOf(inodes[p])));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void ContainerIdOf_CgroupTheContainerMadeBelowItself_MapsToTheContainer()
    {
        var layout = Layout.Named("systemd-containerd-burstable");
        Make(layout);
        var below = Tree.Make($"{layout.Pod}/cri-containerd-{Layout.App}.scope/init.scope/app");
        var pod = PodCgroup.Find(Tree.Root, Layout.SystemdUid)!;

        Assert.Equal(Layout.App, pod.ContainerIdOf(CgroupTree.Inodes([below])[below]));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void ContainerIdOf_CgroupOutsideThePod_IsNull()
    {
        var layout = Layout.Named("cgroupfs-burstable");
        Make(layout);
        var other = Tree.Make($"kubepods/burstable/pod{Layout.OtherUid.Replace('_', '-')}/{Layout.Pause}");
        var pod = PodCgroup.Find(Tree.Root, Layout.Uid)!;

        Assert.Null(pod.ContainerIdOf(CgroupTree.Inodes([other])[other]));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Containers_ContainerThatStartsLater_IsListedOnTheNextCall()
    {
        var pod = Tree.Make($"kubepods/besteffort/pod{Layout.Uid}");
        Tree.Make($"kubepods/besteffort/pod{Layout.Uid}/{Layout.Pause}");
        var found = PodCgroup.Find(Tree.Root, Layout.Uid)!;
        Assert.Single(found.Containers());

        var app = Tree.Make($"kubepods/besteffort/pod{Layout.Uid}/{Layout.App}");

        Assert.Equal(pod, found.Directory);
        Assert.Contains(found.Containers(), c => c.Directory == app && c.ContainerId == Layout.App);
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Find_PodDeeperThanTheSearchDepth_IsNotFound()
    {
        var deep = string.Join('/', Enumerable.Range(0, PodCgroup.SearchDepth).Select(i => $"level{i}"));
        Tree.Make($"{deep}/pod{Layout.Uid}");

        Assert.Null(PodCgroup.Find(Tree.Root, Layout.Uid));
        Assert.NotNull(PodCgroup.Find(Path.Join(Tree.Root, "level0"), Layout.Uid));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Find_UnknownPod_IsNull()
    {
        Make(Layout.Named("systemd-containerd-guaranteed"));

        Assert.Null(PodCgroup.Find(Tree.Root, "2ecfbbb3-31df-45a4-8ad4-e06dc0b47688"));
    }

    private Layout Make(Layout layout)
    {
        foreach (var directory in layout.Directories())
        {
            Tree.Make(directory);
        }
        return layout;
    }
}
