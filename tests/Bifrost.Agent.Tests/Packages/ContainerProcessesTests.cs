using Bifrost.Agent.Packages;

namespace Bifrost.Agent.Tests.Packages;

/// <summary>A container's process is found by its id in the cgroup path, whatever the runtime and cgroup driver.</summary>
public sealed class ContainerProcessesTests
{
    private const string Id = "3f1c0a6be5e3b6f4a1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

    [Theory]
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b.slice/cri-containerd-" + Id + ".scope")]
    [InlineData("0::/kubepods/burstable/pod1a2b3c4d-0000-4000-8000-000000000001/" + Id)]
    [InlineData("0::/kubepods.slice/kubepods-pod1a2b.slice/crio-" + Id + ".scope")]
    [InlineData("0::/kubepods.slice/kubepods-pod1a2b.slice/crio-" + Id + ".scope/container")]
    [InlineData("0::/kubepods.slice/kubepods-pod1a2b.slice/docker-" + Id + ".scope")]
    [InlineData("12:pids:/kubepods/besteffort/pod1a2b/" + Id + "\n11:memory:/kubepods/besteffort/pod1a2b/" + Id + "\n0::/")]
    public void A_process_in_the_containers_cgroup_is_the_containers(string cgroup) =>
        Assert.True(ContainerProcesses.InContainer(cgroup, Id));

    [Theory]
    [InlineData("0::/kubepods.slice/kubepods-pod1a2b.slice/crio-conmon-" + Id + ".scope")]
    [InlineData("0::/kubepods.slice/kubepods-pod1a2b.slice/cri-containerd-0000000000000000000000000000000000000000000000000000000000000000.scope")]
    [InlineData("0::/system.slice/containerd.service")]
    [InlineData("")]
    public void The_runtimes_monitor_and_other_containers_are_not(string cgroup) =>
        Assert.False(ContainerProcesses.InContainer(cgroup, Id));
}
