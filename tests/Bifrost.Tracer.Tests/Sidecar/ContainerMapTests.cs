using Bifrost.Tracer.Sidecar;
using Bifrost.Tracer.Tests.Cgroups;
using Xunit;

namespace Bifrost.Tracer.Tests.Sidecar;

public sealed class ContainerMapTests : IDisposable
{
    private const string Pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + Layout.SystemdUid + ".slice";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal) { [Layout.App] = "app", [Layout.Sidecar] = "worker" };

    private readonly CgroupTree? tree = CgroupTree.Problem() is null ? new CgroupTree() : null;

    private CgroupTree Tree => tree ?? throw new InvalidOperationException(CgroupTree.Problem());

    public void Dispose() => tree?.Dispose();

    [CgroupFact]
    public async Task NameOf_CrunNestedChildren_NameTheirParentScopesContainers()
    {
        var app = Tree.Make($"{Pod}/crio-{Layout.App}.scope/container");
        var worker = Tree.Make($"{Pod}/crio-{Layout.Sidecar}.scope/container");
        var ids = CgroupTree.Inodes([app, worker]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app", "worker" }, new FixedNames());

        Assert.Equal("app", await map.NameOfAsync(ids[app], CancellationToken.None));
        Assert.Equal("worker", await map.NameOfAsync(ids[worker], CancellationToken.None));
    }

    [CgroupFact]
    public async Task NameOf_ConmonAndPause_AreNobodysEvenWithOneAppContainer()
    {
        var conmon = Tree.Make($"{Pod}/crio-conmon-{Layout.App}.scope");
        var pause = Tree.Make($"{Pod}/crio-{Layout.Pause}.scope");
        var app = Tree.Make($"{Pod}/crio-{Layout.App}.scope");
        var ids = CgroupTree.Inodes([conmon, pause, app]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app" }, new FixedNames());

        Assert.Null(await map.NameOfAsync(ids[conmon], CancellationToken.None));
        Assert.Null(await map.NameOfAsync(ids[pause], CancellationToken.None));
        Assert.Equal("app", await map.NameOfAsync(ids[app], CancellationToken.None));
    }

    [CgroupFact]
    public async Task NameOf_OneAppContainerAndNoNameSource_IsThatContainerExceptForConmon()
    {
        var conmon = Tree.Make($"{Pod}/crio-conmon-{Layout.App}.scope");
        var app = Tree.Make($"{Pod}/crio-{Layout.App}.scope/container");
        var ids = CgroupTree.Inodes([conmon, app]);
        var map = new ContainerMap(Path.Join(Tree.Root, Pod), new HashSet<string> { "app" }, names: null);

        Assert.Null(await map.NameOfAsync(ids[conmon], CancellationToken.None));
        Assert.Equal("app", await map.NameOfAsync(ids[app], CancellationToken.None));
    }

    private sealed class FixedNames : IContainerNameSource
    {
        public Task<string?> NameOfAsync(string containerId, CancellationToken cancellationToken) =>
            Task.FromResult(Names.GetValueOrDefault(containerId));
    }
}
