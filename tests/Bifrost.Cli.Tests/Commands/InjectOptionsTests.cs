using Bifrost.Core.Admission;

namespace Bifrost.Cli.Tests.Commands;

public sealed class InjectOptionsTests
{
    [Fact]
    public async Task Inject_WithoutFile_ExitsTwoWithUsage()
    {
        var run = await CliRunner.RunAsync("", "inject");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Option '--filename' is required", run.Error, StringComparison.Ordinal);
        Assert.Contains("See 'bifrost inject --help'.", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--namespace-label", "no-equals-sign")]
    [InlineData("--tracer-endpoint", "http://plain.example")]
    [InlineData("--opted-in-only=yes")]
    [InlineData("--kubernetes-version", "latest")]
    [InlineData("--pod-security-default", "strict")]
    [InlineData("stray")]
    public async Task Inject_BadCommandLine_ExitsTwo(params string[] options)
    {
        var run = await CliRunner.RunAsync("", ["inject", "-f", "-", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("See 'bifrost inject --help'.", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Inject_ExcludedNamespace_LeavesPodUnchanged()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "-n", "kube-system");

        Assert.Equal(SampleManifests.Pod, run.Out);
        Assert.Contains("left unchanged (excluded-namespace)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_NamespaceOption_NamesProfilesAfterThatNamespace()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Deployment, ".yaml", "--namespace=staging");

        var spec = Parsed.Documents(run.Out)[0]["spec"]!["template"]!["spec"]!;
        Assert.StartsWith("bifrost_staging_deploy_web_app", Parsed.LocalhostProfile(Parsed.Container(spec, "app")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_NoLegacyAnnotation_WritesOnlyTheField()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--no-legacy-annotation");

        var pod = Parsed.Documents(run.Out)[0];
        Assert.DoesNotContain(BifrostLabels.LegacyAppArmorPrefix, run.Out, StringComparison.Ordinal);
        Assert.NotNull(Parsed.LocalhostProfile(Parsed.Container(pod["spec"]!, "shell")));
    }

    [Fact]
    public async Task Inject_TracerImageAndPlainSidecar_UseTheGivenSettings()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--tracer-image", "registry.local/tracer:dev", "--no-native-sidecar");

        var spec = Parsed.Documents(run.Out)[0]["spec"]!;
        var tracer = Parsed.Container(spec, BifrostLabels.TracerContainerName);
        Assert.Equal("registry.local/tracer:dev", (string?)tracer["image"]);
        Assert.Null(spec["initContainers"]);
        Assert.Null(tracer["restartPolicy"]);
    }

    [Fact]
    public async Task Inject_OptedInOnly_ChangesOnlyAnnotatedPods()
    {
        var annotated = SampleManifests.Pod.Replace("  name: tool", "  name: opted\n  annotations:\n    bifrost.io/protect: \"true\"", StringComparison.Ordinal);
        var input = SampleManifests.Stream(SampleManifests.Pod, annotated);

        var run = await CliRunner.InjectAsync(input, ".yaml", "--opted-in-only");

        var documents = Parsed.Documents(run.Out);
        Assert.StartsWith(SampleManifests.Pod + "\n---\n", run.Out, StringComparison.Ordinal);
        Assert.NotNull(Parsed.LocalhostProfile(Parsed.Container(documents[1]["spec"]!, "shell")));
        Assert.Contains("Pod default/tool: left unchanged (not-opted-in)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_NamespaceEnforcingBaseline_SetsProfileWithoutTracerAndWarns()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--namespace-label", "pod-security.kubernetes.io/enforce=baseline");

        var spec = Parsed.Documents(run.Out)[0]["spec"]!;
        Assert.NotNull(Parsed.LocalhostProfile(Parsed.Container(spec, "shell")));
        Assert.Null(spec["initContainers"]);
        Assert.Contains("Pod default/tool: no tracer, namespace enforces Pod Security 'baseline'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("v1.28.9-eks-036c24b")]
    public async Task Inject_KubernetesVersionBefore129_AddsAPlainContainerTracerAndAnnotationsOnly(string version)
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--kubernetes-version", version, "--no-legacy-annotation");

        var spec = Parsed.Documents(run.Out)[0]["spec"]!;
        var tracer = Parsed.Container(spec, BifrostLabels.TracerContainerName);
        Assert.Null(spec["initContainers"]);
        Assert.Null(tracer["restartPolicy"]);
        Assert.DoesNotContain("appArmorProfile", run.Out, StringComparison.Ordinal);
        Assert.Contains(BifrostLabels.LegacyAppArmorPrefix + "shell: localhost/", run.Out, StringComparison.Ordinal);
        Assert.Contains("tracer added as a plain container", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_KubernetesVersion129_AddsANativeSidecarWithoutTheField()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--kubernetes-version", "1.29");

        var spec = Parsed.Documents(run.Out)[0]["spec"]!;
        Assert.Equal("Always", (string?)Parsed.Container(spec, BifrostLabels.TracerContainerName)["restartPolicy"]);
        Assert.DoesNotContain("appArmorProfile", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_RestrictiveDefaultWithNamespaceLabelledPrivileged_AddsTheTracer()
    {
        var withDefault = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--pod-security-default", "baseline");
        var overridden = await CliRunner.InjectAsync(SampleManifests.Pod, ".yaml", "--pod-security-default", "baseline",
            "--namespace-label", "pod-security.kubernetes.io/enforce=privileged");

        Assert.DoesNotContain("name: " + BifrostLabels.TracerContainerName, withDefault.Out, StringComparison.Ordinal);
        Assert.Contains("the cluster's default Pod Security level 'baseline'", withDefault.Error, StringComparison.Ordinal);
        Assert.NotNull(Parsed.Container(Parsed.Documents(overridden.Out)[0]["spec"]!, BifrostLabels.TracerContainerName));
    }
}
