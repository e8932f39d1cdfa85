using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// A version as Bifrost writes it, <c>x.y.z</c> with an optional pre-release part; build metadata after '+' is dropped.
/// The release is what the manifests' <c>images:</c> tags name; the build's is MinVer's, from git tags.
/// </summary>
internal sealed record ReleaseVersion(Version Core, string? PreRelease)
{
    public static ReleaseVersion Parse(string text)
    {
        var withoutMetadata = text.Split('+')[0];
        var dash = withoutMetadata.IndexOf('-', StringComparison.Ordinal);
        var core = dash < 0 ? withoutMetadata : withoutMetadata[..dash];
        Assert.True(
            Version.TryParse(core, out var parsed) && parsed.Build >= 0 && parsed.Revision < 0,
            $"'{text}' is not a version of the form x.y.z[-pre.release][+metadata]");
        return new ReleaseVersion(parsed, dash < 0 ? null : withoutMetadata[(dash + 1)..]);
    }

    /// <summary>The <c>newTag</c> of each image a kustomization's <c>images:</c> lists, by image name.</summary>
    public static IReadOnlyDictionary<string, string> ImageTags(string kustomizationDirectory)
    {
        var root = ManifestFiles.Kustomization(kustomizationDirectory);
        if (!root.Children.TryGetValue(new YamlScalarNode("images"), out var node) || node is not YamlSequenceNode images)
            return new Dictionary<string, string>();
        return images.Cast<YamlMappingNode>().ToDictionary(
            image => Scalar(image, "name") ?? throw new InvalidOperationException($"an images: entry in {kustomizationDirectory} has no name"),
            image => Scalar(image, "newTag") ?? "");
    }

    /// <summary>The release the manifests name: the one tag the base's <c>images:</c> give Bifrost's images.</summary>
    public static ReleaseVersion Manifests()
    {
        var tags = ImageTags(ManifestFiles.Base).Values.Distinct().ToList();
        Assert.True(tags.Count == 1, $"the base's images: give {tags.Count} tags ({string.Join(", ", tags)}), not one");
        return Parse(tags[0]);
    }

    /// <summary>MinVer's floor for a clone without tags, <c>major.minor</c>, from a Directory.Build.props.</summary>
    public static string MinVerFloor(string buildProps) =>
        XDocument.Load(buildProps).Descendants("MinVerMinimumMajorMinor").Single().Value;

    public override string ToString() => PreRelease is null ? Core.ToString() : $"{Core}-{PreRelease}";

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
