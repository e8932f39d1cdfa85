using System.Net;
using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class ShowCommandTests
{
    private static string ProfileText(string fixture, string mode) =>
        JsonNode.Parse(StandInApiServer.Fixture(fixture))!["status"]!["containers"]![0]!["profiles"]!.AsArray()
            .Single(p => (string)p!["mode"]! == mode)!["text"]!.GetValue<string>();

    [Fact]
    public async Task Show_StableWorkload_PrintsTheEnforceProfileNewPodsGet()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-api"), "bifrostprofile-api.json");

        var run = await api.RunAsync("show", "deployment/api");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ProfileText("bifrostprofile-api.json", "Enforce"), run.Out);
        Assert.Contains("deployment/api in shop: Stable, revision e7e8a84791b9; container api: bifrost_shop_deploy_api_api_", run.Error, StringComparison.Ordinal);
        Assert.Contains("(enforce, 6 rules from 2 pods)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ModeComplainByProfileNameInAnotherNamespace_PrintsTheLearningProfile()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-web"), "bifrostprofile-web.json");

        var run = await api.RunAsync("show", "deployment-web", "-c", "nginx", "--mode", "complain", "-n", "shop");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ProfileText("bifrostprofile-web.json", "Complain"), run.Out);
        Assert.Contains("flags=(attach_disconnected,mediate_deleted,complain)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_NoSuchWorkload_SaysNotFoundAndExits5()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-cart"), "status-not-found.json", HttpStatusCode.NotFound);

        var run = await api.RunAsync("show", "deployment/cart");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("bifrost show: cannot get BifrostProfile shop/deployment-cart: bifrostprofiles.bifrost.io \"deployment-cart\" not found\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Show_WorkloadThatLearnedNothingYet_SaysSoAndExits3()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-cart"), "bifrostprofile-cart.json");

        var run = await api.RunAsync("show", "deployment/cart");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("bifrost show: deployment/cart in shop has learned nothing yet: no container has reported\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Show_UnknownContainer_NamesTheContainersAndExits2()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-web"), "bifrostprofile-web.json");

        var run = await api.RunAsync("show", "deployment/web", "-c", "app");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("bifrost show: deployment/web in shop has no container 'app' (it has nginx)\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_BadWorkloadName_IsAUsageErrorBeforeAnyRequest()
    {
        using var api = new StandInApiServer();

        var run = await api.RunAsync("show", "deployment/web/x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'deployment/web/x' is not a workload: write KIND/NAME (deployment/web)", run.Error, StringComparison.Ordinal);
        Assert.Empty(api.Received);
    }
}
