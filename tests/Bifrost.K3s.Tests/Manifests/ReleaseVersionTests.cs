using System.Reflection;
using System.Text.RegularExpressions;
using Bifrost.Core;
using Bifrost.K3s.Tests.Image;
using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

/// <summary>
/// One version: the base kustomization's <c>images:</c> tags name the release, every Bifrost image reference in
/// manifests/ takes its tag from there, and the build's own version (MinVer's, from git tags) is that release or a
/// pre-release on its way past it, with or without the tags in the clone.
/// </summary>
public sealed partial class ReleaseVersionTests
{
    [Fact]
    public void Base_TagsTheWebhookAgentAndTracerWithOneReleaseVersion()
    {
        var tags = ReleaseVersion.ImageTags(ManifestFiles.Base);

        Assert.Equal(ImageTarget.All.Select(t => t.Repository).Order(), tags.Keys.Order());
        var tag = Assert.Single(tags.Values.Distinct());
        Assert.Equal(tag, ReleaseVersion.Parse(tag).ToString());
    }

    [Fact]
    public void Manifests_NameBifrostImagesWithoutATagOfTheirOwn()
    {
        var tagged = Directory.EnumerateFiles(Repository.Path("manifests"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (Where: $"{Path.GetRelativePath(Repository.Root, file)}:{i + 1}", Line: line)))
            .Where(l => TaggedBifrostImage().IsMatch(l.Line))
            .Select(l => $"{l.Where}: {l.Line.Trim()}");

        Assert.Empty(tagged);
    }

    [Fact]
    public void Overlays_GiveBifrostImagesNoOtherTag()
    {
        var release = ReleaseVersion.Manifests().ToString();
        foreach (var directory in ManifestFiles.Kustomizations())
        {
            foreach (var (image, tag) in ReleaseVersion.ImageTags(directory).Where(t => t.Key.StartsWith(ImageTarget.Registry, StringComparison.Ordinal)))
                Assert.True(tag == release, $"{Path.GetRelativePath(Repository.Root, directory)} tags {image} '{tag}', the base '{release}'");
        }
    }

    [RequiresFact("kubectl")]
    public async Task Rendered_TheWebhookAgentAndInjectedTracerRunTheRelease()
    {
        var objects = await Kustomize.RenderAsync(Repository.Path("manifests"));

        var release = ReleaseVersion.Manifests();
        var webhook = Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec.Containers.Single().Image;
        var agent = Assert.Single(objects.OfType<V1DaemonSet>()).Spec.Template.Spec.Containers.Single().Image;
        var tracer = Assert.Single(objects.OfType<V1ConfigMap>()).Data["Bifrost__Admission__Tracer__Image"];
        Assert.Equal($"{ImageTarget.Webhook.Repository}:{release}", webhook);
        Assert.Equal($"{ImageTarget.Agent.Repository}:{release}", agent);
        Assert.Equal($"{ImageTarget.Tracer.Repository}:{release}", tracer);
    }

    [Fact]
    public void MinVerFloor_IsTheReleasesMajorMinor()
    {
        var release = ReleaseVersion.Manifests();

        // A clone without tags (CI's shallow clone) then builds a pre-release of the release's line, not 0.0.0.
        Assert.Equal($"{release.Core.Major}.{release.Core.Minor}", ReleaseVersion.MinVerFloor(Repository.Path("Directory.Build.props")));
    }

    [Fact]
    public void Build_IsTheReleaseOrAPreReleaseOnItsWayPastIt()
    {
        var release = ReleaseVersion.Manifests();
        var build = ReleaseVersion.Parse(BifrostVersion.Informational);

        if (build.PreRelease is null)
            Assert.True(build == release, $"the build is release {build} (tag v{build}) but the manifests name {release}: run make set-version VERSION={build}");
        else
            Assert.True(build.Core >= release.Core, $"the build {build} is behind the manifests' {release}: tag the release v{release}, or raise MinVerMinimumMajorMinor");
    }

    [Fact]
    public void Assemblies_CarryTheOneInformationalVersion()
    {
        Assembly[] assemblies =
        [
            typeof(BifrostVersion).Assembly,
            typeof(Bifrost.Kubernetes.StartupErrors).Assembly,
            typeof(Repository).Assembly,
            typeof(ReleaseVersionTests).Assembly,
        ];

        Assert.All(assemblies, a => Assert.Equal(BifrostVersion.Informational, a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion));
        Assert.Equal(ReleaseVersion.Parse(BifrostVersion.Informational).ToString(), BifrostVersion.ImageTag);
    }

    [RequiresFact("make", "bash")]
    public async Task SetVersion_RewritesEveryImageTagAndTheMinVerFloor()
    {
        var work = Directory.CreateTempSubdirectory("bifrost-set-version-");
        try
        {
            File.Copy(Repository.Path("Makefile"), Path.Combine(work.FullName, "Makefile"));
            File.Copy(Repository.Path("Directory.Build.props"), Path.Combine(work.FullName, "Directory.Build.props"));
            CopyDirectory(Repository.Path("manifests"), Path.Combine(work.FullName, "manifests"));
            var baseDirectory = Path.Combine(work.FullName, "manifests", "base");

            var (exitCode, output) = await ProcessRun.RunAsync("make", ["-s", "set-version", "VERSION=12.34.5"], work.FullName, TimeSpan.FromMinutes(1));

            Assert.True(exitCode == 0, output);
            Assert.All(ReleaseVersion.ImageTags(baseDirectory).Values, tag => Assert.Equal("12.34.5", tag));
            Assert.Equal("12.34", ReleaseVersion.MinVerFloor(Path.Combine(work.FullName, "Directory.Build.props")));

            var (refused, message) = await ProcessRun.RunAsync("make", ["-s", "set-version", "VERSION=12.35"], work.FullName, TimeSpan.FromMinutes(1));

            Assert.NotEqual(0, refused);
            Assert.Contains("usage: make set-version VERSION=x.y.z", message, StringComparison.Ordinal);
            Assert.All(ReleaseVersion.ImageTags(baseDirectory).Values, tag => Assert.Equal("12.34.5", tag));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Image_StampsTheAssembliesWithTheVersionItsTagNames()
    {
        var makefile = File.ReadAllLines(Repository.Path("Makefile"));
        var builds = makefile.SkipWhile(l => l != "image:").Skip(1).TakeWhile(l => l.StartsWith('\t'))
            .Where(l => l.StartsWith("\tdocker build ", StringComparison.Ordinal)).ToList();
        var dockerfile = DockerfileModel.Repository;

        Assert.Contains("IMAGE_TAG ?= $(VERSION)", makefile);
        Assert.Equal(ImageTarget.All.Count, builds.Count);
        Assert.All(builds, b => Assert.Contains("--build-arg VERSION=$(VERSION) ", b, StringComparison.Ordinal));
        Assert.All(builds, b => Assert.EndsWith(":$(IMAGE_TAG) .", b, StringComparison.Ordinal));
        // git is not in the build context, so the builds take MinVer's version from the build argument.
        var restore = dockerfile.Stage("restore");
        Assert.Contains(restore.All("ARG"), a => a.Arguments == "VERSION");
        Assert.Contains(restore.All("ENV"), e => e.Arguments == "MinVerVersionOverride=$VERSION");
        Assert.All(ImageTarget.All, t => Assert.Equal("restore", dockerfile.Chain($"build-{t.Target}")[0].Name));
        Assert.All(ImageTarget.All, t => Assert.Contains(
            dockerfile.Stage(t.Target).All("LABEL"), l => l.Arguments == "org.opencontainers.image.version=$VERSION"));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [GeneratedRegex(@"ghcr\.io/bifrost-io/bifrost-[a-z]+[:@]")]
    private static partial Regex TaggedBifrostImage();
}
