using Bifrost.Agent.Loading;
using Bifrost.Agent.Tests.Support;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Loading;

public sealed class ProfileLoaderTests
{
    private const string Learn = "bifrost_shop_deploy_web_app_learn";
    private const string Enforce = "bifrost_shop_deploy_web_app_0123456789";

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_NewProfiles_WritesMarkedFilesLoadsAndVerifiesInTheKernelList()
    {
        using var h = new LoaderHarness();

        var statuses = await h.Reconcile(TestProfiles.Learning(Learn), TestProfiles.Enforcing(Enforce));

        Assert.All(statuses, s => Assert.Equal(NodeProfileState.Loaded, s.State));
        Assert.True(h.Loader.Ready);
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
        Assert.Equal("enforce", h.Kernel.ListLoaded()[Enforce]);
        var file = ProfileFile.Parse(Learn, File.ReadAllText(h.FileOf(Learn)));
        Assert.Equal(TestProfiles.Learning(Learn).Hash, file?.Hash);
        Assert.Contains(Enforce, File.ReadAllText(h.Options.StateFile), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(h.Options.ProfileDirectory, ".*"));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ManyProfilesLoadedAtOnce_EveryOneIsListedByTheKernel()
    {
        // Parsers finishing together must each leave their profile in the kernel's list; none may overwrite another.
        using var h = new LoaderHarness(parserConcurrency: 16);
        var desired = Enumerable.Range(0, 64).Select(i => TestProfiles.Enforcing($"bifrost_shop_deploy_app{i}_app_0123456789")).ToArray();

        var statuses = await h.Reconcile(desired);

        Assert.All(statuses, s => Assert.Equal(NodeProfileState.Loaded, s.State));
        Assert.Equal(desired.Select(p => p.Name).Order(StringComparer.Ordinal), h.Kernel.ListLoaded().Keys.Order(StringComparer.Ordinal));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_NothingChanged_RunsNoParser()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn));
        var loads = h.Kernel.Loads;

        var statuses = await h.Reconcile(TestProfiles.Learning(Learn));

        Assert.Equal(loads, h.Kernel.Loads);
        Assert.Equal(NodeProfileState.Loaded, Assert.Single(statuses).State);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_GrownLearningProfile_ReplacesItUnderTheSameName()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn, "/etc/hosts"));

        var grown = TestProfiles.Learning(Learn, "/etc/hosts", "/etc/resolv.conf");
        var status = Assert.Single(await h.Reconcile(grown));

        Assert.Equal(NodeProfileState.Loaded, status.State);
        Assert.Equal(grown.Hash, status.Hash);
        Assert.Contains("/etc/resolv.conf r,", File.ReadAllText(h.FileOf(Learn)), StringComparison.Ordinal);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ProfileOfTheSameNameLoadedBySomeoneElse_IsLeftAlone()
    {
        using var h = new LoaderHarness();
        h.Kernel.List(Enforce, "enforce");

        var status = Assert.Single(await h.Reconcile(TestProfiles.Enforcing(Enforce)));

        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("Bifrost did not load it", status.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Kernel.Loads);
        Assert.False(File.Exists(h.FileOf(Enforce)));
        Assert.False(h.Loader.Ready);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_TextDeclaringAnotherProfile_NeverReachesTheParser()
    {
        using var h = new LoaderHarness();
        h.Kernel.List("docker-default", "enforce");
        var hijack = TestProfiles.WithText(TestProfiles.Enforcing(Enforce), TestProfiles.Enforcing("docker-default").Text);

        var status = Assert.Single(await h.Reconcile(hijack));

        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("declares docker-default", status.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Kernel.Loads);
        Assert.Equal("enforce", h.Kernel.ListLoaded()["docker-default"]);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_NameWithoutBifrostPrefixOrWrongHashOrWrongFlags_IsRefused()
    {
        using var h = new LoaderHarness();
        var foreign = TestProfiles.Enforcing("nginx");
        var badHash = TestProfiles.Enforcing(Enforce) with { Hash = new string('0', 64) };
        var wrongMode = TestProfiles.Learning(Learn) with { Mode = ProfileMode.Enforce };

        var statuses = await h.Reconcile(foreign, badHash, wrongMode);

        Assert.All(statuses, s => Assert.Equal(NodeProfileState.Error, s.State));
        Assert.Contains("not a Bifrost profile name", statuses[0].Message, StringComparison.Ordinal);
        Assert.Contains("hash does not match", statuses[1].Message, StringComparison.Ordinal);
        Assert.Contains("flags say complain", statuses[2].Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Kernel.Loads);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_TextTheParserRejects_ReportsItsMessageAndKeepsThePreviousVersion()
    {
        using var h = new LoaderHarness();
        var good = TestProfiles.Learning(Learn);
        await h.Reconcile(good);
        var broken = TestProfiles.WithText(good, good.Text.Replace("capability chown,", "capability no_such_capability,", StringComparison.Ordinal));

        var status = Assert.Single(await h.Reconcile(broken));

        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("no_such_capability", status.Message, StringComparison.Ordinal);
        Assert.Equal(good.Hash, ProfileFile.Parse(Learn, File.ReadAllText(h.FileOf(Learn)))?.Hash);
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
        Assert.False(h.Loader.Ready);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ProfileTheKernelDoesNotListAfterLoading_IsAnError()
    {
        using var h = new LoaderHarness();
        h.Kernel.LoseNextLoad = true;

        var status = Assert.Single(await h.Reconcile(TestProfiles.Enforcing(Enforce)));

        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("kernel does not list it", status.Message, StringComparison.Ordinal);
        Assert.Equal(NodeProfileState.Loaded, Assert.Single(await h.Reconcile(TestProfiles.Enforcing(Enforce))).State);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ModeChangeUnderTheSameName_IsRefused()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn));

        var status = Assert.Single(await h.Reconcile(TestProfiles.Enforcing(Learn)));

        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("new profile name", status.Message, StringComparison.Ordinal);
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_WhereTheKernelHasNoAppArmor_CompilesAndSaysSo()
    {
        using var h = new LoaderHarness(enabled: false);

        var status = Assert.Single(await h.Reconcile(TestProfiles.Enforcing(Enforce)));

        Assert.Equal(NodeProfileState.Compiled, status.State);
        Assert.Contains("no AppArmor", status.Message, StringComparison.Ordinal);
        Assert.True(h.Loader.Ready);
        Assert.True(File.Exists(h.FileOf(Enforce)));
        Assert.Empty(h.Kernel.ListLoaded());
    }
}
