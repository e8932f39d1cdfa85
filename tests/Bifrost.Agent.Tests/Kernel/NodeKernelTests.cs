using Bifrost.Agent.Kernel;
using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Kernel;

public sealed class NodeKernelTests
{
    [Fact]
    public void Read_NodeWithBtfAndCgroupV2_ReportsBothAndTheRelease()
    {
        using var dir = new TempDirectory();
        Write(dir.Combine("proc/sys/kernel/osrelease"), "6.8.0-49-generic\n");
        Write(dir.Combine("sys/kernel/btf/vmlinux"), "");
        Write(dir.Combine("sys/fs/cgroup/cgroup.controllers"), "cpuset cpu io memory pids\n");

        var kernel = NodeKernel.Read(dir.Combine("proc"), dir.Combine("sys"));

        Assert.Equal(new NodeKernel("6.8.0-49-generic", Btf: true, CgroupV2: true), kernel);
    }

    [Fact]
    public void Read_CgroupV1NodeWithoutBtf_ReportsNeither()
    {
        using var dir = new TempDirectory();
        Write(dir.Combine("sys/fs/cgroup/memory/memory.limit_in_bytes"), "9223372036854771712\n");

        var kernel = NodeKernel.Read(dir.Combine("proc"), dir.Combine("sys"));

        Assert.Equal(new NodeKernel(null, Btf: false, CgroupV2: false), kernel);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
