using Bifrost.Tracing.Sidecar;
using Bifrost.Tracer.Tests.Cgroups;

namespace Bifrost.Tracer.Tests.Sidecar;

public sealed class ContainerMapTests : IDisposable
{
    private const string Pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + Layout.SystemdUid + ".slice";

    private readonly CgroupTree? tree = CgroupTree.Problem() is null ? new CgroupTree() : null;

    private CgroupTree Tree => tree ?? throw new InvalidOperationException(CgroupTree.Problem());

    public void Dispose() => tree?.Dispose();

    [RequiresFact(typeof(RealCgroups))]
    public void KeyOf_CrunNestedChildren_AreTheirParentScopesContainers()
    {
        var app = Tree.Make($"{Pod}/crio-{Layout.App}.scope/container");
        var worker = Tree.Make($"{Pod}/crio-{Layout.Sidecar}.scope/container");
        var ids = CgroupTree.Inodes([app, worker]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app", "worker" });

        Assert.Equal(new ContainerKey(Layout.App, ById: true), map.KeyOf(ids[app]));
        Assert.Equal(new ContainerKey(Layout.Sidecar, ById: true), map.KeyOf(ids[worker]));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void KeyOf_Conmon_IsNobodysEvenWithOneAppContainer()
    {
        var conmon = Tree.Make($"{Pod}/crio-conmon-{Layout.App}.scope");
        var pause = Tree.Make($"{Pod}/crio-{Layout.Pause}.scope");
        var app = Tree.Make($"{Pod}/crio-{Layout.App}.scope");
        var ids = CgroupTree.Inodes([conmon, pause, app]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app" });

        Assert.Null(map.KeyOf(ids[conmon]));
        // The sandbox is named by its id: the controller finds no container of that id and leaves it out.
        Assert.Equal(new ContainerKey(Layout.Pause, ById: true), map.KeyOf(ids[pause]));
        Assert.Equal(new ContainerKey(Layout.App, ById: true), map.KeyOf(ids[app]));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void KeyOf_UnknownLayoutWithOneProfiledContainer_IsThatContainerByName()
    {
        var conmon = Tree.Make($"{Pod}/crio-conmon-{Layout.App}.scope");
        var odd = Tree.Make($"{Pod}/libpod-{Layout.App}.scope");
        var ids = CgroupTree.Inodes([conmon, odd]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app" });

        Assert.Null(map.KeyOf(ids[conmon]));
        Assert.Equal(new ContainerKey("app", ById: false), map.KeyOf(ids[odd]));
    }
}
