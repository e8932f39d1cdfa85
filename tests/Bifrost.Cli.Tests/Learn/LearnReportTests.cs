using Bifrost.Cli.Commands;
using Bifrost.Cli.Learn;
using Bifrost.Core.Observations;

namespace Bifrost.Cli.Tests.Learn;

public sealed class LearnReportTests
{
    [RequiresFact(typeof(Ebpf), Tools = ["openssl"])]
    public async Task Learn_WithReport_SendsWhatTheCommandDidAsTheNamedPod()
    {
        await using var server = await FakeIntake.StartAsync(token: Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

        var run = await CliRunner.RunAsync("", "learn", "--report", server.Endpoint.ToString(), "--token-file", server.TokenFile,
            "--ca-file", server.CaFile, "--pod", "demo/web-7d4b9c8f5d-abcde", "--workload", "Deployment/web", "--container", "app",
            "--", "/bin/cat", "/etc/hostname");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("profile bifrost_local_cat", run.Out, StringComparison.Ordinal);
        Assert.Contains("bifrost learn: reported ", run.Error, StringComparison.Ordinal);
        var report = Assert.Single(server.Reports);
        Assert.InRange(report.Sequence, started, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Assert.Equal(new ReportPod { Namespace = "demo", Name = "web-7d4b9c8f5d-abcde", Uid = ReportTarget.UidFor("demo", "web-7d4b9c8f5d-abcde") }, report.Pod);
        Assert.Equal(new ReportWorkload { Kind = "Deployment", Name = "web" }, report.Workload);
        Assert.All(report.Observations, o => Assert.Equal("app", o.Container));
        Assert.Contains(report.Observations, o => o is FileObservation { Path: "/etc/hostname" } f && f.Access.HasFlag(AccessMask.Read));
    }

    [RequiresFact(typeof(Ebpf), Tools = ["openssl"])]
    public async Task Learn_WhenTheWebhookRefusesTheToken_SaysWhyAndExitsNotReported()
    {
        await using var server = await FakeIntake.StartAsync(token: Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
        var wrongToken = Path.Combine(Path.GetTempPath(), $"bifrost-token-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(wrongToken, "not-the-token-of-this-webhook\n");
        try
        {
            var run = await CliRunner.RunAsync("", "learn", "--report", server.Endpoint.ToString(), "--token-file", wrongToken,
                "--ca-file", server.CaFile, "--pod", "demo/web-1", "--workload", "Deployment/web", "--report-timeout", "3",
                "--", "/bin/true");

            Assert.Equal(LearnCommand.NotReported, run.ExitCode);
            Assert.True(run.Error.Contains("HTTP 401", StringComparison.Ordinal), run.Error);
            Assert.Contains("report not delivered", run.Error, StringComparison.Ordinal);
            Assert.Empty(server.Reports);
        }
        finally
        {
            File.Delete(wrongToken);
        }
    }

    [Theory]
    [InlineData("--report", "https://127.0.0.1:1", "--token-file", "t", "--workload", "Deployment/web")]
    [InlineData("--report", "https://127.0.0.1:1", "--token-file", "t", "--pod", "demo/web-1")]
    [InlineData("--report", "https://127.0.0.1:1", "--pod", "demo/web-1", "--workload", "Deployment/web")]
    [InlineData("--report", "http://127.0.0.1:1", "--token-file", "t", "--pod", "demo/web-1", "--workload", "Deployment/web")]
    [InlineData("--report", "https://127.0.0.1:1", "--token-file", "t", "--pod", "web-1", "--workload", "Deployment/web")]
    [InlineData("--report", "https://127.0.0.1:1", "--token-file", "t", "--pod", "demo/web-1", "--workload", "Deployment/web/x")]
    [InlineData("--pod", "demo/web-1")]
    public async Task Learn_IncompleteReportOptions_IsAUsageErrorBeforeAnythingRuns(params string[] options)
    {
        var run = await CliRunner.RunAsync("", ["learn", .. options, "--", "/bin/true"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void UidFor_SamePod_IsStableAndShapedLikeAUid()
    {
        var uid = ReportTarget.UidFor("demo", "web-1");

        Assert.Equal(uid, ReportTarget.UidFor("demo", "web-1"));
        Assert.NotEqual(uid, ReportTarget.UidFor("demo", "web-2"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", uid);
    }
}
