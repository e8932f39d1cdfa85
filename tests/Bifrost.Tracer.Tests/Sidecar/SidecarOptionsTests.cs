using Bifrost.Tracing.Sidecar;

namespace Bifrost.Tracer.Tests.Sidecar;

public sealed class SidecarOptionsTests
{
    private static readonly Dictionary<string, string> Injected = new()
    {
        ["BIFROST_ENDPOINT"] = "https://bifrost-webhook.bifrost-system.svc:443",
        ["BIFROST_POD_NAMESPACE"] = "shop",
        ["BIFROST_POD_NAME"] = "web-1",
        ["BIFROST_POD_UID"] = "uid-1",
        ["BIFROST_WORKLOAD_KIND"] = "Deployment",
        ["BIFROST_WORKLOAD_NAME"] = "web",
        ["BIFROST_CONTAINERS"] = "app=bifrost_shop_deploy_web_app,sidecar=bifrost_bootstrap",
        ["BIFROST_IMAGES"] = "app=registry.example:5000/shop/web@sha256:0123,sidecar=envoy:1.31",
    };

    [Fact]
    public void FromEnvironment_AsInjected_ReadsContainersAndTheirImages()
    {
        var (settings, problems) = SidecarOptions.FromEnvironment(Injected.GetValueOrDefault);

        Assert.Empty(problems);
        Assert.Equal(["app", "sidecar"], settings!.Containers.Order(StringComparer.Ordinal));
        Assert.Equal("registry.example:5000/shop/web@sha256:0123", settings.Reporter.Images!["app"]);
        Assert.Equal("envoy:1.31", settings.Reporter.Images["sidecar"]);
    }

    [Fact]
    public void FromEnvironment_WithoutImages_ReportsNone()
    {
        var env = new Dictionary<string, string>(Injected);
        env.Remove("BIFROST_IMAGES");

        var (settings, _) = SidecarOptions.FromEnvironment(env.GetValueOrDefault);

        Assert.Null(settings!.Reporter.Images);
    }

    [Fact]
    public void FromEnvironment_MissingPodName_NamesTheVariable()
    {
        var env = new Dictionary<string, string>(Injected);
        env.Remove("BIFROST_POD_NAME");

        var (settings, problems) = SidecarOptions.FromEnvironment(env.GetValueOrDefault);

        Assert.Null(settings);
        Assert.Contains("BIFROST_POD_NAME is not set", problems);
    }

    [Theory]
    [InlineData("BIFROST_CA_FILE", "/nonexistent/bifrost/ca.crt", "BIFROST_CA_FILE: /nonexistent/bifrost/ca.crt does not exist")]
    [InlineData("BIFROST_CA_PEM", "not a certificate", "BIFROST_CA_PEM must hold at least one PEM certificate")]
    public void FromEnvironment_BrokenCa_NamesTheVariable(string name, string value, string problem)
    {
        var env = new Dictionary<string, string>(Injected) { [name] = value };

        var (settings, problems) = SidecarOptions.FromEnvironment(env.GetValueOrDefault);

        Assert.Null(settings);
        Assert.Contains(problem, problems);
    }
}
