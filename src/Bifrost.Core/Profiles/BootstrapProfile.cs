using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Profiles;

/// <summary>
/// <see cref="ProfileNames.Bootstrap"/> as every node agent loads it: complain mode and nothing learned, so it allows
/// everything and records it, while a container's own learning profile is not yet loaded everywhere.
/// </summary>
public static class BootstrapProfile
{
    public static RenderedProfile Rendered { get; } = RenderedAs(ProfileNames.Bootstrap);

    /// <summary>
    /// The same profile under another name: what a node loads for a container's own learning profile that a pod
    /// names before any BifrostProfile lists it. The text is generated for the name, so its <c>profile</c> line
    /// loads it under that name.
    /// </summary>
    public static RenderedProfile RenderedAs(string name) => RenderedProfile.Create(
        name,
        ProfileMode.Complain,
        ProfileGenerator.Generate([], new ProfileGeneratorOptions { Name = name, Mode = ProfileMode.Complain }).Text);
}
