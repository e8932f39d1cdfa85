using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Lifecycle;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>Local mode's node gate: queries read outcomes; only LoadAsync runs apparmor_parser, once per version.</summary>
public sealed class LocalNodeGateTests
{
    private const string NoAppArmor = "/nonexistent/securityfs";

    private static RenderedProfile Profile(string rules) => RenderedProfile.Create(
        "bifrost_shop_deploy_web_app_01", ProfileMode.Enforce,
        $"abi <abi/3.0>,\ninclude <tunables/global>\nprofile bifrost_shop_deploy_web_app_01 flags=(attach_disconnected) {{\n{rules}\n}}\n");

    [Fact]
    public async Task Missing_NeverRunsTheParser_OnlyLoadAsyncDoes()
    {
        var gate = new LocalNodeGate("/nonexistent/apparmor_parser", NoAppArmor);
        var profile = Profile("  /data/** r,");

        Assert.Contains("not yet handed to apparmor_parser", gate.Missing(profile), StringComparison.Ordinal);
        Assert.False(gate.IsLoaded(profile));

        Assert.True(await gate.LoadAsync([profile], CancellationToken.None));

        Assert.Contains("cannot run /nonexistent/apparmor_parser", gate.Missing(profile), StringComparison.Ordinal);
        Assert.False(await gate.LoadAsync([profile], CancellationToken.None));
    }

    [RequiresFact("apparmor_parser")]
    public async Task LoadAsync_CompilesEachVersionOnce_AndSaysWhyOneIsRefused()
    {
        var gate = new LocalNodeGate(Tools.Parser, NoAppArmor);
        var good = Profile("  /data/** r,");
        var bad = Profile("  /data/** frobnicate,");

        Assert.True(await gate.LoadAsync([good, bad], CancellationToken.None));

        Assert.Null(gate.Missing(good));
        Assert.True(gate.IsLoaded(good));
        Assert.StartsWith("apparmor_parser refused it:", gate.Missing(bad), StringComparison.Ordinal);
        Assert.False(await gate.LoadAsync([good, bad], CancellationToken.None));
    }
}
