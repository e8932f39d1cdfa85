using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class RelearnCommandTests
{
    [Fact]
    public async Task Relearn_SendsAMergePatchOfRelearnRequestedAtWithTheCurrentTime()
    {
        var path = StandInApiServer.ProfileOf("shop", "deployment-web");
        using var api = new StandInApiServer()
            .Serve(path, "bifrostprofile-web.json")
            .Serve(path, "bifrostprofile-web.json", method: "PATCH");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var run = await api.RunAsync("relearn", "deployment/web");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        var patch = Assert.Single(api.Received, e => e.RequestMessage.Method == "PATCH").RequestMessage;
        Assert.StartsWith("application/merge-patch+json", patch.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        var body = JsonNode.Parse(patch.Body!)!.AsObject();
        var requested = (string)body["spec"]!["relearnRequestedAt"]!;
        Assert.Equal(["spec"], body.Select(p => p.Key));
        Assert.Equal(["relearnRequestedAt"], body["spec"]!.AsObject().Select(p => p.Key));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", requested);
        Assert.InRange(DateTimeOffset.Parse(requested, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal($"deployment/web in shop: relearn requested at {requested} (phase Enforcing); the controller moves it to Relearning on its next round\n", run.Out);
    }

    [Fact]
    public async Task Relearn_NoSuchWorkload_Exits5AndSendsNoPatch()
    {
        using var api = new StandInApiServer()
            .Serve(StandInApiServer.ProfileOf("shop", "deployment-cart"), "status-not-found.json", System.Net.HttpStatusCode.NotFound);

        var run = await api.RunAsync("relearn", "deployment/cart");

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("not found", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Received, e => e.RequestMessage.Method == "PATCH");
    }
}
