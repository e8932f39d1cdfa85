using Bifrost.Agent.Audit;
using Bifrost.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Audit;

public sealed class AuditSourceSelectorTests
{
    private static IAuditSource? Select(AgentOptions options) =>
        new AuditSourceSelector(options, new AuditStats(), TimeProvider.System, NullLogger<AuditSourceSelector>.Instance).Select();

    [Fact]
    public void Select_AuditdLogWhenAsked_IsTheLogTailer()
    {
        using var source = Select(new AgentOptions { AuditSource = AuditSourceKind.AuditdLog });

        Assert.Equal("auditd-log", source?.Name);
    }

    [Fact]
    public void Select_KmsgThatDoesNotExist_IsNoSource()
    {
        using var dir = new TempDirectory();

        Assert.Null(Select(new AgentOptions { AuditSource = AuditSourceKind.Kmsg, KmsgPath = dir.Combine("absent") }));
    }

    [Fact]
    public void Select_None_IsNoSource()
    {
        Assert.Null(Select(new AgentOptions { AuditSource = AuditSourceKind.None }));
    }

    [RequiresFact(typeof(AuditNetlink))]
    public void Select_AutoWhereTheKernelAllowsNetlink_IsNetlink()
    {
        using var source = Select(new AgentOptions());

        Assert.Equal("netlink", source?.Name);
    }

    [Fact]
    public void Select_ExplicitKinds_UseTheNamedSource()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("audit.log");
        File.WriteAllText(log, "type=DAEMON_START msg=audit(1.0:1): op=start\n");

        using var viaLog = Select(new AgentOptions { AuditSource = AuditSourceKind.AuditdLog, AuditLogPath = log });
        using var viaKmsg = Select(new AgentOptions { AuditSource = AuditSourceKind.Kmsg, KmsgPath = log });

        Assert.Equal("auditd-log", viaLog?.Name);
        Assert.Equal("kmsg", viaKmsg?.Name);
    }
}
