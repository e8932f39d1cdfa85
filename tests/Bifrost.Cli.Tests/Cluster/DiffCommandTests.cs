using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class DiffCommandTests
{
    private static readonly string ApiProfile = StandInApiServer.ProfileOf("shop", "deployment-api");

    [Fact]
    public async Task Diff_AgainstASavedProfile_PrintsTheRulesAddedAndRemovedAndExits1()
    {
        using var api = new StandInApiServer().Serve(ApiProfile, "bifrostprofile-api.json");
        var enforce = JsonNode.Parse(StandInApiServer.Fixture("bifrostprofile-api.json"))!["status"]!["containers"]![0]!["profiles"]![1]!;
        var saved = Path.GetTempFileName();
        await File.WriteAllTextAsync(saved, enforce["text"]!.GetValue<string>()
            .Replace("  network inet dgram,\n", "", StringComparison.Ordinal)
            .Replace("  /etc/api/config.yaml r,\n", "  /etc/api/** r,\n", StringComparison.Ordinal));
        try
        {
            var run = await api.RunAsync("diff", "deployment/api", "--against", saved);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal($"--- {saved}\n+++ {enforce["name"]} (now)\n- /etc/api/** r,\n+ /etc/api/config.yaml r,\n+ network inet dgram,\n", run.Out);
            Assert.Equal("deployment/api in shop, container api: 1 rules removed, 2 added\n", run.Error);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Diff_EnforceRevisionAgainstWhatWasLearned_TheSameRulesExits0()
    {
        using var api = new StandInApiServer().Serve(ApiProfile, "bifrostprofile-api.json");

        var run = await api.RunAsync("diff", "deployment/api");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("deployment/api in shop, container api: the same rules\n", run.Error);
        Assert.EndsWith("(learned so far)\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_LearningWorkloadWithoutAgainst_SaysThereIsNoRevisionYet()
    {
        using var api = new StandInApiServer().Serve("/apis/bifrost.io/v1alpha1/namespaces/batch/bifrostprofiles/cronjob-nightly-report",
            "bifrostprofile-nightly-report.json");

        var run = await api.RunAsync("diff", "cronjob/nightly-report", "-n", "batch");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("bifrost diff: cronjob/nightly-report in batch, container report is Learning and has no enforce revision yet; compare with a saved profile with --against\n", run.Error);
        Assert.Equal("", run.Out);
    }
}
