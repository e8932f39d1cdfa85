using Bifrost.Core.Cgroups;

namespace Bifrost.Tracer.Tests.Cgroups;

public sealed class CgroupNameTests
{
    private const string Id = Layout.App;

    [Theory]
    [InlineData("kubepods-burstable-pod639945c9_9045_45bd_8d0d_fef18c768465.slice")]
    [InlineData("kubepods-besteffort-pod639945c9_9045_45bd_8d0d_fef18c768465.slice")]
    [InlineData("kubepods-pod639945c9_9045_45bd_8d0d_fef18c768465.slice")]
    [InlineData("kubelet-kubepods-besteffort-pod639945c9_9045_45bd_8d0d_fef18c768465.slice")]
    [InlineData("pod639945c9-9045-45bd-8d0d-fef18c768465")]
    [InlineData("/sys/fs/cgroup/kubepods/burstable/pod639945c9-9045-45bd-8d0d-fef18c768465")]
    [InlineData("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod639945c9_9045_45bd_8d0d_fef18c768465.slice/")]
    public void Parse_PodCgroupOfEitherDriver_GivesTheApiServersUid(string path)
    {
        Assert.Equal(new CgroupName(CgroupKind.Pod, PodUid: Layout.Uid), CgroupName.Parse(path));
    }

    [Theory]
    [InlineData("podffd449c602b3c6fb4caf1255a1d3308d")]
    [InlineData("kubepods-burstable-podffd449c602b3c6fb4caf1255a1d3308d.slice")]
    public void Parse_StaticPodWhoseUidIsAHash_IsAPod(string name)
    {
        Assert.Equal(new CgroupName(CgroupKind.Pod, PodUid: "ffd449c602b3c6fb4caf1255a1d3308d"), CgroupName.Parse(name));
    }

    [Theory]
    [InlineData("cri-containerd-" + Id + ".scope", ContainerRuntime.Containerd)]
    [InlineData("crio-" + Id + ".scope", ContainerRuntime.CriO)]
    [InlineData("crio-" + Id, ContainerRuntime.CriO)]
    [InlineData("docker-" + Id + ".scope", ContainerRuntime.Docker)]
    [InlineData(Id, ContainerRuntime.Unknown)]
    [InlineData("kubepods/burstable/pod639945c9-9045-45bd-8d0d-fef18c768465/" + Id, ContainerRuntime.Unknown)]
    public void Parse_ContainerCgroup_GivesIdAndRuntime(string path, ContainerRuntime runtime)
    {
        Assert.Equal(new CgroupName(CgroupKind.Container, ContainerId: Id, Runtime: runtime), CgroupName.Parse(path));
    }

    [Theory]
    [InlineData("kubepods-burstable-pod639945c9_9045_45bd_8d0d_fef18c768465.slice/crio-" + Id + ".scope/container", ContainerRuntime.CriO)]
    [InlineData("kubepods-burstable-pod639945c9_9045_45bd_8d0d_fef18c768465.slice/cri-containerd-" + Id + ".scope/container", ContainerRuntime.Containerd)]
    [InlineData("cri-containerd-" + Id + ".scope/container/", ContainerRuntime.Containerd)]
    public void Parse_CrunNestedChild_BelongsToItsParentScopesContainer(string path, ContainerRuntime runtime)
    {
        Assert.Equal(new CgroupName(CgroupKind.Container, ContainerId: Id, Runtime: runtime, Nested: true), CgroupName.Parse(path));
    }

    [Theory]
    [InlineData("crio-conmon-" + Id + ".scope")]
    [InlineData("crio-conmon-" + Id)]
    public void Parse_ConmonBesideACrioContainer_IsTheRuntimesHelper(string name)
    {
        Assert.Equal(new CgroupName(CgroupKind.RuntimeHelper, ContainerId: Id, Runtime: ContainerRuntime.CriO), CgroupName.Parse(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("kubepods.slice")]
    [InlineData("kubepods-burstable.slice")]
    [InlineData("kubepods")]
    [InlineData("kubepods/burstable")]
    [InlineData("kubelet.slice/kubelet-kubepods.slice")]
    [InlineData("system.slice/containerd.service")]
    [InlineData("init.scope")]
    [InlineData("user.slice/user-1000.slice")]
    [InlineData("container")]
    [InlineData("kubepods-pod639945c9_9045_45bd_8d0d_fef18c768465.slice/container")]
    [InlineData("crio-conmon-" + Id + ".scope/container")]
    [InlineData("cri-containerd-b43db4c0af770fcf468706f22367c0e1520134e347e18a419529184cbf4224a.scope")]
    [InlineData("cri-containerd-B43DB4C0AF770FCF468706F22367C0E1520134E347E18A419529184CBF4224AE.scope")]
    [InlineData("libpod-" + Id + ".scope")]
    [InlineData("pod639945c9-9045-45bd-8d0d")]
    public void Parse_AnythingElse_IsUnknown(string path)
    {
        Assert.Equal(CgroupName.Unknown, CgroupName.Parse(path));
    }

    [Theory]
    [MemberData(nameof(Layout.Names), MemberType = typeof(Layout))]
    public void Parse_EveryCgroupOfALayout_SaysWhatItIs(string layoutName)
    {
        var layout = Layout.Named(layoutName);

        Assert.Equal(new CgroupName(CgroupKind.Pod, PodUid: layout.PodUid), CgroupName.Parse(layout.Pod));
        foreach (var container in layout.Containers)
        {
            var name = CgroupName.Parse(container.Path);
            Assert.Equal((CgroupKind.Container, container.ContainerId, container.Nested), (name.Kind, name.ContainerId, name.Nested));
        }
        Assert.All(layout.Ignored, p => Assert.Equal(CgroupKind.RuntimeHelper, CgroupName.Parse(p).Kind));
    }

    [Theory]
    [InlineData("639945c9_9045_45bd_8d0d_fef18c768465")]
    [InlineData("639945C9-9045-45BD-8D0D-FEF18C768465")]
    public void NormalizeUid_SystemdOrUpperCaseForm_GivesTheApiServersForm(string uid)
    {
        Assert.Equal(Layout.Uid, CgroupName.NormalizeUid(uid));
    }
}
