using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Profiles;

/// <summary>
/// <see cref="ProfileNames.Bootstrap"/> as every node agent loads it: complain mode and nothing learned, so it allows
/// everything and records it, while a container's own learning profile is not yet loaded everywhere.
/// </summary>
public static class BootstrapProfile
{
    public static RenderedProfile Rendered { get; } = RenderedProfile.Create(
        ProfileNames.Bootstrap,
        RenderedMode.Complain,
        ProfileGenerator.Generate([], new ProfileGeneratorOptions { Name = ProfileNames.Bootstrap, Mode = ProfileMode.Complain }).Text);
}
