using Bifrost.Webhook.Intake;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>Reports a fuzzer crashed the reader with (tests/fuzz/regressions/report): each is now a 400 with a reason.</summary>
public sealed class ReportReaderTests
{
    [Theory]
    [InlineData("observation-without-kind.json", "malformed report")]
    [InlineData("null-pod.json", "must not be null")]
    [InlineData("null-observations.json", "must not be null")]
    public void Read_ReportAFuzzerCrashedOn_IsRejectedWithAReason(string file, string reason)
    {
        var body = File.ReadAllBytes(Repository.Path("tests", "fuzz", "regressions", "report", file));

        var report = ReportReader.Read(body, maxObservations: 1000, out var error);

        Assert.Null(report);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
