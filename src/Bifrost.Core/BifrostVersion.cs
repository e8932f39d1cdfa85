using System.Reflection;

namespace Bifrost.Core;

/// <summary>
/// The one version every Bifrost assembly carries: MinVer's, from the nearest git tag <c>vX.Y.Z</c>
/// (README, "Versions and releases").
/// </summary>
public static class BifrostVersion
{
    /// <summary>With the commit after '+': <c>0.2.0+1a2b…</c> at a release, <c>0.2.1-alpha.0.4+…</c> between releases.</summary>
    public static string Informational { get; } =
        typeof(BifrostVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Without the build metadata, as the images are tagged: an image tag cannot hold '+'.</summary>
    public static string ImageTag { get; } = Informational.Split('+')[0];
}
