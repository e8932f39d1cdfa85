using Bifrost.Agent.Audit;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;

namespace Bifrost.Agent.Tests.Audit;

public sealed class AuditPipelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProfileMode? Modes(string name) => name switch
    {
        "bifrost_a_learn" => ProfileMode.Complain,
        "bifrost_a_0123456789" => ProfileMode.Enforce,
        _ => null,
    };

    private static string Line(string verdict, string profile, string path) =>
        $"type=1400 msg=audit(1700000000.1:1): apparmor=\"{verdict}\" operation=\"open\" profile=\"{profile}\" name=\"{path}\" pid=1 comm=\"x\" requested_mask=\"r\" denied_mask=\"r\"";

    [Fact]
    public void Process_MixedLines_LearnsAllowedRollsBackDeniedAndCountsLoss()
    {
        var stats = new AuditStats();
        var pipeline = new AuditPipeline(stats, new RollbackPolicy { Gather = TimeSpan.FromSeconds(10) }, Modes);

        pipeline.Process(Line("ALLOWED", "bifrost_a_learn", "/etc/hosts"), Start);
        pipeline.Process(Line("ALLOWED", "bifrost_a_learn//null-/usr/bin/curl", "/etc/ssl/certs/ca.pem"), Start);
        for (var i = 0; i < 1000; i++)
            pipeline.Process(Line("DENIED", "bifrost_a_0123456789", "/etc/shadow"), Start);
        pipeline.Process(Line("DENIED", "docker-default", "/etc/shadow"), Start);
        pipeline.Process("audit: rate limit exceeded", Start);
        pipeline.Process("audit: audit_lost=17 audit_rate_limit=0", Start);

        var (learning, rollbacks) = pipeline.Flush(Start.AddSeconds(1));
        var batch = Assert.Single(learning);
        Assert.Equal("bifrost_a_learn", batch.Profile);
        Assert.Equal(["/etc/hosts", "/etc/ssl/certs/ca.pem"], batch.Observations.Cast<FileObservation>().Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.Empty(rollbacks);

        var decision = Assert.Single(pipeline.Flush(Start.AddSeconds(10)).Rollbacks);
        Assert.Equal("bifrost_a_0123456789", decision.Profile);
        Assert.Equal(1000, decision.Denials);
        Assert.Equal(1005, stats.Lines);
        Assert.Equal(1003, stats.Records);
        Assert.Equal(1, stats.LostKernel);
        Assert.Equal(17, stats.KernelLostTotal);
    }
}
