using Bifrost.Agent.Kernel;
using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Kernel;

public sealed class AppArmorKernelTests
{
    private static AgentOptions Options(TempDirectory dir, string securityFs) => new()
    {
        NodeName = "node-1",
        ParserPath = Tools.Parser,
        SecurityFsDirectory = securityFs,
        ProcRoot = dir.Combine("proc"),
    };

    [RequiresFact("apparmor_parser")]
    public async Task Load_WithoutAppArmorInTheKernel_CompilesWithTheRealParser()
    {
        using var dir = new TempDirectory();
        var kernel = new AppArmorKernel(Options(dir, dir.Combine("no-securityfs")));
        var good = dir.Combine("good");
        var bad = dir.Combine("bad");
        File.WriteAllText(good, TestProfiles.Enforcing("bifrost_test_good").Text);
        File.WriteAllText(bad, "profile bifrost_test_bad {\n  /etc/hosts rw a,\n}\n");

        Assert.False(kernel.Enabled);
        Assert.True((await kernel.LoadAsync(good, CancellationToken.None)).Success);
        var failure = await kernel.LoadAsync(bad, CancellationToken.None);
        Assert.False(failure.Success);
        Assert.NotEmpty(failure.Message);
        Assert.True((await kernel.RemoveAsync("bifrost_test_good", CancellationToken.None)).Success);
    }

    [Fact]
    public async Task Load_ParserMissing_FailsWithAMessageNamingIt()
    {
        using var dir = new TempDirectory();
        var kernel = new AppArmorKernel(Options(dir, dir.Path) with { ParserPath = dir.Combine("no-such-parser") });

        var result = await kernel.LoadAsync(dir.Combine("x"), CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("no-such-parser", result.Message, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(LiveAppArmor))]
    public async Task Load_IntoTheRealKernel_IsListedThenRemoved()
    {
        using var dir = new TempDirectory();
        var kernel = new AppArmorKernel(Options(dir, "/sys/kernel/security/apparmor") with { ProcRoot = "/proc" });
        var name = $"bifrost_test_{Environment.ProcessId}";
        var path = dir.Combine(name);
        File.WriteAllText(path, TestProfiles.Learning(name).Text);

        Assert.True((await kernel.LoadAsync(path, CancellationToken.None)).Success);
        try
        {
            Assert.Equal("complain", kernel.ListLoaded()[name]);
        }
        finally
        {
            Assert.True((await kernel.RemoveAsync(name, CancellationToken.None)).Success);
        }

        Assert.False(kernel.ListLoaded().ContainsKey(name));
    }

    [Theory]
    [InlineData("bifrost_a_learn (complain)", "bifrost_a_learn", "complain")]
    [InlineData("/usr/bin/man (enforce)", "/usr/bin/man", "enforce")]
    [InlineData("/snap/x/1/bin/a b (kill)", "/snap/x/1/bin/a b", "kill")]
    public void ProfileList_Lines_SplitNameAndMode(string line, string name, string mode)
    {
        Assert.Equal((name, mode), KernelProfileList.ParseLine(line));
    }

    [Fact]
    public void ProfileList_LineWithoutMode_IsSkipped()
    {
        Assert.Null(KernelProfileList.ParseLine("garbage"));
    }

    [Fact]
    public void ParserArguments_DisabledKernelCompilesOnlyAndCacheIsBifrostsOwn()
    {
        var options = new AgentOptions { IncludeDirectories = ["/etc/apparmor.d"], CacheDirectory = "/var/cache/bifrost" };

        Assert.Equal(["-Q", "-K", "-I", "/etc/apparmor.d", "/p"], ParserArguments.Load(options, kernelEnabled: false, "/p"));
        Assert.Equal(["-r", "--cache-loc", "/var/cache/bifrost", "--write-cache", "-I", "/etc/apparmor.d", "/p"], ParserArguments.Load(options, kernelEnabled: true, "/p"));
        Assert.Equal(["-r", "-K", "/p"], ParserArguments.Load(new AgentOptions(), kernelEnabled: true, "/p"));
    }

    [Fact]
    public void ProcLabels_ReadBothAttrSpellingsStacksAndSkipUnconfined()
    {
        using var dir = new TempDirectory();
        var fs = new FakeAppArmorFs(dir);
        fs.StartTask("bifrost_a_1 (enforce)");
        fs.StartTask("cri-containerd.apparmor.d//&bifrost_b_learn//null-/usr/bin/curl (complain)", stackedAttr: true);
        fs.StartTask("unconfined");
        Directory.CreateDirectory(Path.Combine(fs.ProcRoot, "self"));

        Assert.Equal(["bifrost_a_1", "bifrost_b_learn", "cri-containerd.apparmor.d"], fs.ConfinedProfiles().Order(StringComparer.Ordinal));
    }
}
