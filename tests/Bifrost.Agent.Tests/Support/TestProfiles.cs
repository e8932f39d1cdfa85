using Bifrost.Agent.Loading;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Support;

/// <summary>Small, valid AppArmor 3.0 profiles of the shape Bifrost renders.</summary>
internal static class TestProfiles
{
    public static RenderedProfile Learning(string name, params string[] paths) => Make(name, ProfileMode.Complain, paths);

    public static RenderedProfile Enforcing(string name, params string[] paths) => Make(name, ProfileMode.Enforce, paths);

    public static RenderedProfile Make(string name, ProfileMode mode, params string[] paths)
    {
        var flags = mode == ProfileMode.Complain ? "attach_disconnected,mediate_deleted,complain" : "attach_disconnected,mediate_deleted";
        var rules = string.Concat((paths.Length == 0 ? ["/etc/hosts"] : paths).Select(p => $"  {p} r,\n"));
        var text = $"abi <abi/3.0>,\n\nprofile {name} flags=({flags}) {{\n  capability chown,\n  network inet stream,\n{rules}}}\n";
        return new RenderedProfile { Name = name, Mode = mode, Hash = ProfileFile.HashOf(text), Text = text };
    }

    public static RenderedProfile WithText(RenderedProfile profile, string text) =>
        profile with { Text = text, Hash = ProfileFile.HashOf(text) };
}
