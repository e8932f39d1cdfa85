using Bifrost.Core.Audit;

namespace Bifrost.Core.Tests.Audit;

public sealed class AuditLossTests
{
    [Theory]
    [InlineData("6,300,900,-;audit: rate limit exceeded", 1)]
    [InlineData("[ 1.0] audit: backlog limit exceeded", 1)]
    [InlineData("audit: type=1400 audit(1.0:1): apparmor=\"DENIED\" operation=\"open\" profile=\"p\"", 0)]
    [InlineData("", 0)]
    public void Inspect_LossLines_CountOneEvent(string line, int events)
    {
        Assert.Equal(events, AuditLoss.Inspect(line).Events);
    }

    [Fact]
    public void Inspect_AuditLostTotal_ReturnsTheKernelsRunningTotal()
    {
        var report = AuditLoss.Inspect("audit: audit_lost=1234 audit_rate_limit=0 audit_backlog_limit=64");

        Assert.Equal(1234, report.KernelTotal);
    }

    [Theory]
    [InlineData("bifrost_a_learn//null-/usr/bin/curl", "bifrost_a_learn")]
    [InlineData("bifrost_a_0123456789 (enforce)", "bifrost_a_0123456789")]
    [InlineData("p//hat", "p")]
    [InlineData("/usr/sbin/dovecot", "/usr/sbin/dovecot")]
    public void ProfileOf_ChildAndModeSuffixes_BelongToTheParent(string label, string profile)
    {
        Assert.Equal(profile, AuditRecordParser.ProfileOf(label));
    }
}
