using System.Net;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class ApproveCommandTests
{
    private static readonly string ApiProfile = StandInApiServer.ProfileOf("shop", "deployment-api");

    [Fact]
    public async Task Approve_StableWorkload_SendsAMergePatchOfItsCurrentRevision()
    {
        using var api = new StandInApiServer()
            .Serve(ApiProfile, "bifrostprofile-api.json")
            .Serve(ApiProfile, "bifrostprofile-api.json", method: "PATCH");

        var run = await api.RunAsync("approve", "deployment/api", "--revision", "e7e8a84791b9");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("deployment/api in shop: approved revision e7e8a84791b9; it enforces once every node has loaded its enforce profiles\n", run.Out);
        var patch = Assert.Single(api.Received, e => e.RequestMessage.Method == "PATCH").RequestMessage;
        Assert.Equal(ApiProfile, patch.Path);
        Assert.StartsWith("application/merge-patch+json", patch.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("""{"spec":{"enforcement":{"approvedRevision":"e7e8a84791b9"}}}""", patch.Body);
    }

    [Fact]
    public async Task Approve_EnforcingWorkload_RefusesWithExit1AndSendsNoPatch()
    {
        using var api = new StandInApiServer().Serve(StandInApiServer.ProfileOf("shop", "deployment-web"), "bifrostprofile-web.json");

        var run = await api.RunAsync("approve", "deployment/web");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("bifrost approve: BifrostProfile shop/deployment-web is Enforcing, not Stable: there is no stable revision to approve\n", run.Error);
        Assert.DoesNotContain(api.Received, e => e.RequestMessage.Method == "PATCH");
    }

    [Fact]
    public async Task Approve_ARevisionThatIsNoLongerCurrent_RefusesAndSendsNoPatch()
    {
        using var api = new StandInApiServer().Serve(ApiProfile, "bifrostprofile-api.json");

        var run = await api.RunAsync("approve", "deployment/api", "--revision", "0123456789ab");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("bifrost approve: deployment/api in shop is at revision e7e8a84791b9, not 0123456789ab: the profile changed; review it again\n", run.Error);
        Assert.DoesNotContain(api.Received, e => e.RequestMessage.Method == "PATCH");
    }

    [Fact]
    public async Task Approve_PatchForbidden_Exits5WithTheReason()
    {
        using var api = new StandInApiServer()
            .Serve(ApiProfile, "bifrostprofile-api.json")
            .Serve(ApiProfile, "status-forbidden.json", HttpStatusCode.Forbidden, method: "PATCH");

        var run = await api.RunAsync("approve", "deployment/api");

        Assert.Equal(5, run.ExitCode);
        Assert.StartsWith("bifrost approve: cannot patch BifrostProfile shop/deployment-api: ", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("(403 Forbidden)\n", run.Error, StringComparison.Ordinal);
    }
}
