using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Loading;

public sealed class UninstallTests
{
    private const string Unused = "bifrost_shop_deploy_web_app_0123456789";
    private const string InUse = "bifrost_shop_sts_db_app_9876543210";

    [RequiresFact("apparmor_parser")]
    public async Task Uninstall_RemovesUnusedProfilesEveryFileAndTheState_KeepsInUseOnesLoaded()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Enforcing(Unused), TestProfiles.Enforcing(InUse, "/etc/passwd"));
        h.Kernel.StartTask($"{InUse} (enforce)");

        var result = await h.Loader.UninstallAsync("req-1", CancellationToken.None);

        Assert.Equal("req-1", result.Request);
        Assert.Equal(1, result.Removed);
        Assert.Equal([InUse], result.KeptInUse);
        Assert.Empty(result.Failed);
        Assert.False(h.Kernel.ListLoaded().ContainsKey(Unused));
        Assert.True(h.Kernel.ListLoaded().ContainsKey(InUse));
        Assert.Empty(Directory.EnumerateFiles(h.Options.ProfileDirectory));
        Assert.False(File.Exists(h.Options.StateFile));
        Assert.False(h.Loader.Ready);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Uninstall_ProfilesAndFilesBifrostDidNotMake_AreLeftAlone()
    {
        using var h = new LoaderHarness();
        h.Kernel.List("docker-default", "enforce");
        h.Kernel.List("bifrost_someone_else", "enforce");
        Directory.CreateDirectory(h.Options.ProfileDirectory);
        File.WriteAllText(h.FileOf("bifrost_hand_written"), "profile bifrost_hand_written {\n}\n");
        await h.Reconcile(TestProfiles.Enforcing(Unused));

        await h.Loader.UninstallAsync("req-1", CancellationToken.None);

        Assert.Equal(["bifrost_someone_else", "docker-default"], h.Kernel.ListLoaded().Keys.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(h.FileOf("bifrost_hand_written")));
    }
}
