using Bifrost.Agent.Tests.Support;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Loading;

public sealed class GarbageCollectionTests
{
    private const string Old = "bifrost_shop_deploy_web_app_0123456789";
    private const string New = "bifrost_shop_deploy_web_app_9876543210";

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_VersionNoLongerWantedAndUnused_IsRemovedFromKernelDirectoryAndState()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Old), TestProfiles.Enforcing(New, "/etc/passwd"));

        await h.Reconcile(TestProfiles.Enforcing(New, "/etc/passwd"));

        Assert.False(h.Kernel.ListLoaded().ContainsKey(Old));
        Assert.False(File.Exists(h.FileOf(Old)));
        Assert.DoesNotContain(Old, File.ReadAllText(h.Options.StateFile), StringComparison.Ordinal);
        Assert.True(h.Kernel.ListLoaded().ContainsKey(New));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_VersionATaskStillRunsUnder_IsKeptUntilTheTaskEnds()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Old));
        var pid = h.Kernel.StartTask($"{Old} (enforce)");

        await h.Reconcile(TestProfiles.Enforcing(New, "/etc/passwd"));
        Assert.True(h.Kernel.ListLoaded().ContainsKey(Old));
        Assert.True(File.Exists(h.FileOf(Old)));

        h.Kernel.EndTask(pid);
        await h.Reconcile(TestProfiles.Enforcing(New, "/etc/passwd"));
        Assert.False(h.Kernel.ListLoaded().ContainsKey(Old));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_TaskLabelInStackedAttrOrAStack_CountsAsInUse()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Old));
        h.Kernel.StartTask($"cri-containerd.apparmor.d//&{Old} (enforce)", stackedAttr: true);

        await h.Reconcile();

        Assert.True(h.Kernel.ListLoaded().ContainsKey(Old));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ProfilesBifrostDidNotLoad_AreNeverRemoved()
    {
        using var h = new LoaderHarness();
        h.Kernel.List("docker-default", "enforce");
        h.Kernel.List("bifrost_someone_else", "enforce");
        Directory.CreateDirectory(h.Options.ProfileDirectory);
        File.WriteAllText(h.FileOf("bifrost_hand_written"), "profile bifrost_hand_written {\n}\n");
        await h.Reconcile(TestProfiles.Enforcing(Old));

        await h.Reconcile();

        Assert.Equal(["bifrost_someone_else", "docker-default"], h.Kernel.ListLoaded().Keys.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(h.FileOf("bifrost_hand_written")));
        Assert.False(File.Exists(h.FileOf(Old)));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_WhereTheKernelHasNoAppArmor_RemovesUnwantedFiles()
    {
        using var h = new LoaderHarness(enabled: false);
        await h.Reconcile(TestProfiles.Enforcing(Old));

        var statuses = await h.Reconcile(TestProfiles.Enforcing(New));

        Assert.False(File.Exists(h.FileOf(Old)));
        Assert.Equal(NodeProfileState.Compiled, Assert.Single(statuses).State);
    }
}
