using System.Diagnostics;
using Bifrost.Tracing.Sidecar;
using Bifrost.Tracer.Tests.Cgroups;

namespace Bifrost.Tracer.Tests.Sidecar;

public sealed class PodCgroupLocatorTests : IDisposable
{
    private const string Pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + Layout.SystemdUid + ".slice";

    private readonly CgroupTree? tree = CgroupTree.Problem() is null ? new CgroupTree() : null;

    private CgroupTree Tree => tree ?? throw new InvalidOperationException(CgroupTree.Problem());

    public void Dispose() => tree?.Dispose();

    [RequiresFact(typeof(RealCgroups))]
    public void Locate_OwnCgroupIsCrunsNestedChild_PodIsTwoLevelsUp()
    {
        var own = Tree.Make($"{Pod}/crio-{Layout.Sidecar}.scope/container");

        var (pod, found) = PodCgroupLocator.Locate(Tree.Mount, Layout.Uid, $"/{Tree.Prefix}/{Pod}/crio-{Layout.Sidecar}.scope/container", Environment.ProcessId);

        Assert.Equal((Path.Join(Tree.Root, Pod), own), (pod, found));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Locate_OwnCgroupIsAScope_PodIsItsParent()
    {
        var own = Tree.Make($"{Pod}/cri-containerd-{Layout.Sidecar}.scope");

        var (pod, found) = PodCgroupLocator.Locate(Tree.Mount, Layout.Uid, $"/{Tree.Prefix}/{Pod}/cri-containerd-{Layout.Sidecar}.scope", Environment.ProcessId);

        Assert.Equal((Path.Join(Tree.Root, Pod), own), (pod, found));
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Locate_PrivateCgroupNamespace_FindsThePodByUidAndTheProcessInCrunsNestedChild()
    {
        Tree.Make($"{Pod}/crio-{Layout.App}.scope/container");
        Tree.Make($"{Pod}/crio-conmon-{Layout.Sidecar}.scope");
        var own = Tree.Make($"{Pod}/crio-{Layout.Sidecar}.scope/container");
        using var sleep = Process.Start("sleep", "30");
        try
        {
            File.WriteAllText(Path.Join(own, "cgroup.procs"), sleep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            var (pod, found) = PodCgroupLocator.Locate(Tree.Root, Layout.Uid, "/", sleep.Id);

            Assert.Equal((Path.Join(Tree.Root, Pod), own), (pod, found));
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit();
        }
    }

    [RequiresFact(typeof(RealCgroups))]
    public void Locate_PodMissing_SaysWhereItLooked()
    {
        var e = Assert.Throws<TracerUnavailableException>(() => PodCgroupLocator.Locate(Tree.Root, Layout.Uid, "/", Environment.ProcessId));

        Assert.Equal($"no cgroup for pod {Layout.Uid} under {Tree.Root} (is the host's /sys/fs/cgroup mounted there?)", e.Message);
    }
}
