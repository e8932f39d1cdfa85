using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Install;

public sealed class InstallDryRunTests
{
    [RequiresFact("kubectl")]
    public Task DryRun_Defaults_EqualsKubectlKustomizeOfManifests() => AssertSameAsKustomize(Repository.Path("manifests"));

    [RequiresFact("kubectl")]
    public Task DryRun_CertManager_EqualsKubectlKustomizeOfTheOverlay() =>
        AssertSameAsKustomize(Repository.Path("manifests", "overlays", "cert-manager"), "--certificates", "cert-manager");

    [Fact]
    public async Task DryRun_Options_MoveNamespaceImagesAndEnforcement()
    {
        var run = await CliRunner.RunAsync("", "install", "--dry-run", "-n", "guard", "--registry", "mirror.example/sec/", "--tag", "9.9.9", "--enforcement", "manual");

        Assert.Equal(0, run.ExitCode);
        var objects = RenderedObjects.Read(run.Out);
        Assert.Contains("Namespace /guard", objects.Keys);
        Assert.DoesNotContain(objects.Keys, k => k.Contains("bifrost-system", StringComparison.Ordinal));
        Assert.DoesNotContain("bifrost-system", run.Out, StringComparison.Ordinal);
        var config = objects.Values.Single(o => (string?)o["kind"] == "ConfigMap");
        Assert.Equal("manual", (string?)config["data"]!["Bifrost__Learning__Enforcement"]);
        Assert.Equal("guard", (string?)config["data"]!["Bifrost__Admission__SystemNamespace"]);
        Assert.Equal("https://bifrost-intake.guard.svc:443", (string?)config["data"]!["Bifrost__Admission__Tracer__Endpoint"]);
        Assert.Equal("mirror.example/sec/bifrost-tracer:9.9.9", (string?)config["data"]!["Bifrost__Admission__Tracer__Image"]);
        Assert.Equal("mirror.example/sec/bifrost-webhook:9.9.9", (string?)objects["Deployment guard/bifrost-webhook"]["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("mirror.example/sec/bifrost-agent:9.9.9", (string?)objects["DaemonSet guard/bifrost-agent"]["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        var envFrom = objects["Deployment guard/bifrost-webhook"]["spec"]!["template"]!["spec"]!["containers"]![0]!["envFrom"]!.ToJsonString();
        Assert.Contains((string)config["metadata"]!["name"]!, envFrom, StringComparison.Ordinal);
        var webhooks = objects["MutatingWebhookConfiguration /bifrost"]["webhooks"]!.AsArray();
        Assert.All(webhooks, w => Assert.Equal("guard", (string?)w!["clientConfig"]!["service"]!["namespace"]));
    }

    [Fact]
    public async Task DryRun_ChangedSetting_ChangesTheConfigMapName()
    {
        var auto = RenderedObjects.Read((await CliRunner.RunAsync("", "install", "--dry-run", "--enforcement", "auto")).Out);
        var manual = RenderedObjects.Read((await CliRunner.RunAsync("", "install", "--dry-run", "--enforcement", "manual")).Out);

        // A new name rolls the webhook's pods, which read the settings only at start.
        Assert.NotEqual(ConfigMapName(auto), ConfigMapName(manual));
    }

    [Theory]
    [InlineData("--certificates", "dev")]
    [InlineData("--enforcement", "sometimes")]
    [InlineData("--namespace", "Not_A_Namespace")]
    [InlineData("--registry", "")]
    public async Task DryRun_BadOption_IsAUsageError(string option, string value)
    {
        var run = await CliRunner.RunAsync("", "install", "--dry-run", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("bifrost install: ", run.Error, StringComparison.Ordinal);
    }

    private static string ConfigMapName(Dictionary<string, JsonObject> objects) =>
        (string)objects.Values.Single(o => (string?)o["kind"] == "ConfigMap")["metadata"]!["name"]!;

    private static async Task AssertSameAsKustomize(string directory, params string[] options)
    {
        var kustomize = await Processes.RunAsync("kubectl", ["kustomize", directory]);
        Assert.True(kustomize.ExitCode == 0, kustomize.Stderr);
        var run = await CliRunner.RunAsync("", ["install", "--dry-run", .. options]);
        Assert.True(run.ExitCode == 0, run.Error);

        var expected = RenderedObjects.Read(kustomize.Stdout);
        var actual = RenderedObjects.Read(run.Out);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, item) in expected)
            Assert.True(JsonNode.DeepEquals(item, actual[key]), $"{key} differs:\nkustomize: {item.ToJsonString()}\nbifrost:   {actual[key].ToJsonString()}");
    }
}
