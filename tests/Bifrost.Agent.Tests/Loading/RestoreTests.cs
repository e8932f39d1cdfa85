using Bifrost.Agent.Tests.Support;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Loading;

public sealed class RestoreTests
{
    private const string Learn = "bifrost_shop_deploy_web_app_learn";
    private const string Enforce = "bifrost_shop_deploy_web_app_0123456789";

    [RequiresFact("apparmor_parser")]
    public async Task Restore_AfterReboot_LoadsEveryBifrostFileBeforeAnyDesiredSetArrives()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn), TestProfiles.Enforcing(Enforce));
        h.Kernel.Reboot();

        var restored = await h.Restart().RestoreAsync(CancellationToken.None);

        Assert.Equal(2, restored);
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
        Assert.Equal("enforce", h.Kernel.ListLoaded()[Enforce]);
        Assert.False(h.Loader.Ready);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Restore_AfterAgentRestartWithProfilesStillLoaded_RunsNoParser()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn), TestProfiles.Enforcing(Enforce));
        var loads = h.Kernel.Loads;

        await h.Restart().RestoreAsync(CancellationToken.None);
        var statuses = await h.Reconcile(TestProfiles.Learning(Learn), TestProfiles.Enforcing(Enforce));

        Assert.Equal(loads, h.Kernel.Loads);
        Assert.All(statuses, s => Assert.Equal(NodeProfileState.Loaded, s.State));
        Assert.True(h.Loader.Ready);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Restore_FilesWithoutMarkerOrWithAlteredText_AreNotLoaded()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Enforce));
        File.AppendAllText(h.FileOf(Enforce), "# edited by hand\n");
        File.WriteAllText(h.FileOf("bifrost_unmarked"), TestProfiles.Enforcing("bifrost_unmarked").Text);
        h.Kernel.Reboot();

        var restored = await h.Restart().RestoreAsync(CancellationToken.None);

        Assert.Equal(0, restored);
        Assert.Empty(h.Kernel.ListLoaded());
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_AfterLosingTheStateFile_StillOwnsItsMarkedFiles()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Enforce));
        File.Delete(h.Options.StateFile);
        h.Restart();

        var statuses = await h.Reconcile(TestProfiles.Enforcing(Enforce, "/etc/passwd"));

        Assert.Equal(NodeProfileState.Loaded, Assert.Single(statuses).State);
    }
}
