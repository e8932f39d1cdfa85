using System.Net;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_EveryNamespace_PrintsOneRowPerWorkloadSortedByNamespace()
    {
        using var api = new StandInApiServer()
            .Serve(StandInApiServer.Profiles, "bifrostprofilelist.json")
            .Serve(StandInApiServer.Nodes, "bifrostnodelist.json");

        var run = await api.RunAsync("status");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal(
            """
            NAMESPACE   WORKLOAD                 PHASE       RULES   PODS   TO STABLE             NODES   NOTE
            batch       cronjob/nightly-report   Learning    3       1      waiting: TooFewPods   3/3
            shop        deployment/api           Stable      6       2      2h2m                  2/3     approve e7e8a84791b9
            shop        deployment/web           Enforcing   10      3      2h11m                 3/3

            """,
            run.Out);
    }

    [Fact]
    public async Task Status_WithNamespace_ListsOnlyThatNamespace()
    {
        using var api = new StandInApiServer()
            .Serve("/apis/bifrost.io/v1alpha1/namespaces/shop/bifrostprofiles", "bifrostprofilelist.json")
            .Serve(StandInApiServer.Nodes, "bifrostnodelist.json");

        var run = await api.RunAsync("status", "-n", "shop");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(api.Received, e => e.RequestMessage.Path == "/apis/bifrost.io/v1alpha1/namespaces/shop/bifrostprofiles");
        Assert.DoesNotContain(api.Received, e => e.RequestMessage.Path == StandInApiServer.Profiles);
    }

    [Fact]
    public async Task Status_SendsTheKubeconfigsToken()
    {
        using var api = new StandInApiServer()
            .Serve(StandInApiServer.Profiles, "bifrostprofilelist.json")
            .Serve(StandInApiServer.Nodes, "bifrostnodelist.json");

        await api.RunAsync("status");

        Assert.All(api.Received, e => Assert.Equal("Bearer stand-in-token", e.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Status_NoKubeconfig_SaysWhereItLookedAndExits5()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-kubeconfig-{Guid.NewGuid():N}");

        var run = await CliRunner.RunAsync("", "status", "--kubeconfig", missing);

        Assert.Equal(5, run.ExitCode);
        Assert.Equal($"bifrost status: no kubeconfig at {missing}; name one with --kubeconfig or KUBECONFIG\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Status_UnknownContext_NamesTheContextsThereAre()
    {
        using var api = new StandInApiServer();

        var run = await api.RunAsync("status", "--context", "prod");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal($"bifrost status: {api.Kubeconfig}: no context 'prod' (it has stand-in)\n", run.Error);
    }

    [Fact]
    public async Task Status_UnreachableServer_SaysWhichServerInPlainWords()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bifrost-kubeconfig-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, StandInApiServer.KubeconfigFor("http://127.0.0.1:9"));
        try
        {
            var run = await CliRunner.RunAsync("", "status", "--kubeconfig", kubeconfig);

            Assert.Equal(5, run.ExitCode);
            Assert.StartsWith("bifrost status: cannot list BifrostProfiles: the API server at http://127.0.0.1:9 cannot be reached: Connection refused", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Status_Forbidden_RepeatsTheApiServersReason()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.Profiles, "status-forbidden.json", HttpStatusCode.Forbidden);

        var run = await api.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(
            "bifrost status: cannot list BifrostProfiles: bifrostprofiles.bifrost.io is forbidden: User \"bob\" cannot list resource \"bifrostprofiles\" in API group \"bifrost.io\" at the cluster scope (403 Forbidden)\n",
            run.Error);
    }

    [Fact]
    public async Task Status_Unauthorized_NamesTheContext()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.Profiles, "status-unauthorized.json", HttpStatusCode.Unauthorized);

        var run = await api.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal($"bifrost status: cannot list BifrostProfiles: the API server at {api.Url} did not accept the credentials of context 'stand-in' (401 Unauthorized)\n", run.Error);
    }

    [Fact]
    public async Task Status_CrdNotInstalled_SaysTheServerDoesNotKnowIt()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.Profiles, "status-no-crd.json", HttpStatusCode.NotFound);

        var run = await api.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("bifrost status: cannot list BifrostProfiles: the server could not find the requested resource\n", run.Error);
    }
}
