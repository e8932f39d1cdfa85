using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Reporting;
using Bifrost.Agent.Tests.Support;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Reporting;

/// <summary>
/// From audit lines to the webhook's intake: ALLOWED records of a learning profile and a rollback decision for an
/// enforce profile become reports about the owning workload and container, sent as the agent's pod, kept and resent
/// in order while the intake is down, and bounded.
/// </summary>
public sealed class IntakeAuditSinkTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly ReportPod Agent = new() { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-uid", Node = "node-1" };

    private readonly string tokenFile = Path.GetTempFileName();
    private readonly ManualClock clock = new(Start);
    private readonly DesiredProfiles desired = new();
    private readonly HttpClient http = new();
    private FakeIntake intake = null!;

    public async Task InitializeAsync()
    {
        intake = await FakeIntake.StartAsync(https: false);
        await File.WriteAllTextAsync(tokenFile, "agent-token\n");
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, [Shop()]));
    }

    public async Task DisposeAsync() => await intake.DisposeAsync();

    public void Dispose()
    {
        http.Dispose();
        desired.Dispose();
        File.Delete(tokenFile);
    }

    private static RenderedProfile Rendered(string name, ProfileMode mode) => RenderedProfile.Create(name, mode, $"profile {name} {{\n}}\n");

    private static BifrostProfile Shop() => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus
        {
            Containers =
            [
                new ContainerProfileStatus { Name = "app", Profiles = [Rendered("bifrost_shop_deploy_web_app_learn", ProfileMode.Complain), Rendered("bifrost_shop_deploy_web_app_0123456789", ProfileMode.Enforce)] },
                new ContainerProfileStatus { Name = "proxy", Profiles = [Rendered("bifrost_shop_deploy_web_proxy_learn", ProfileMode.Complain)] },
            ],
        },
    };

    private static string Line(string verdict, string profile, string path) =>
        $"type=1400 msg=audit(1764057600.1:1): apparmor=\"{verdict}\" operation=\"open\" profile=\"{profile}\" name=\"{path}\" pid=1 comm=\"x\" requested_mask=\"r\" denied_mask=\"r\"";

    private (IntakeAuditSink Sink, AuditStats Stats) Sink(int maxPending = 1000)
    {
        var stats = new AuditStats();
        var sink = new IntakeAuditSink(new AuditReports(Agent, desired.OwnerOf, clock), new ReportSender(http, intake.Endpoint, tokenFile), stats,
            new AgentOptions { MaxPendingReports = maxPending }, clock, NullLogger<IntakeAuditSink>.Instance);
        return (sink, stats);
    }

    [Fact]
    public async Task HandOn_AllowedAndDeniedRecords_ReachTheIntakeAsReportsAboutTheWorkload()
    {
        var (sink, stats) = Sink();
        var pipeline = new AuditPipeline(stats, new RollbackPolicy { Gather = TimeSpan.FromSeconds(10) }, desired.ModeOf);
        pipeline.Process(Line("ALLOWED", "bifrost_shop_deploy_web_app_learn", "/etc/hosts"), Start);
        pipeline.Process(Line("ALLOWED", "bifrost_shop_deploy_web_proxy_learn", "/etc/envoy/envoy.yaml"), Start);
        pipeline.Process(Line("ALLOWED", "bifrost_bootstrap", "/etc/passwd"), Start);
        for (var i = 0; i < 500; i++)
            pipeline.Process(Line("DENIED", "bifrost_shop_deploy_web_app_0123456789", "/etc/shadow"), Start);

        var (learning, _) = pipeline.Flush(Start.AddSeconds(1));
        await sink.HandOnAsync(learning, [], CancellationToken.None);
        var (_, rollbacks) = pipeline.Flush(Start.AddSeconds(11));
        await sink.HandOnAsync([], rollbacks, CancellationToken.None);

        var received = intake.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal("Bearer agent-token", r.Authorization));
        var audit = received[0].Report;
        Assert.Equal((ReportSource.Audit, Agent, "shop", "Deployment", "web"), (audit.Source, audit.Pod, audit.Workload.Namespace, audit.Workload.Kind, audit.Workload.Name));
        Assert.Equal(["app:/etc/hosts", "proxy:/etc/envoy/envoy.yaml"],
            audit.Observations.Cast<FileObservation>().Select(o => $"{o.Container}:{o.Path}").Order(StringComparer.Ordinal));
        var denied = received[1].Report;
        Assert.Equal(ReportSource.Denied, denied.Source);
        Assert.Equal("app:/etc/shadow", Assert.Single(denied.Observations.Cast<FileObservation>().Select(o => $"{o.Container}:{o.Path}")));
        Assert.True(denied.Sequence > audit.Sequence);
        Assert.Equal((500L, 2L, 1L), (stats.Denied, stats.ReportsSent, stats.Unattributed));
    }

    [Fact]
    public async Task HandOn_AllowedRecordOfAPodsPlaceholder_IsReportedAboutThePodsWorkloadAndContainer()
    {
        var (sink, stats) = Sink();
        desired.Apply(new PodEvent(ProfileEventType.Reset, [Pods.Learning("shop", "api", "api-5f6d-abcde", "server")]));
        var pipeline = new AuditPipeline(stats, new RollbackPolicy { Gather = TimeSpan.FromSeconds(10) }, desired.ModeOf);
        pipeline.Process(Line("ALLOWED", "bifrost_shop_deploy_api_server_learn", "/srv/api/config.yaml"), Start);

        var (learning, _) = pipeline.Flush(Start.AddSeconds(1));
        await sink.HandOnAsync(learning, [], CancellationToken.None);

        var report = Assert.Single(intake.Received).Report;
        Assert.Equal((ReportSource.Audit, "shop", "Deployment", "api"), (report.Source, report.Workload.Namespace, report.Workload.Kind, report.Workload.Name));
        Assert.Equal("server:/srv/api/config.yaml", Assert.Single(report.Observations.Cast<FileObservation>().Select(o => $"{o.Container}:{o.Path}")));
        Assert.Equal(0L, stats.Unattributed);
    }

    [Fact]
    public async Task HandOn_WhileTheIntakeIsDown_KeepsReportsAndResendsThemInOrderAfterBackoff()
    {
        var (sink, stats) = Sink();
        intake.Down = true;

        await sink.HandOnAsync([new ObservationBatch("bifrost_shop_deploy_web_app_learn", [Access("/etc/hosts")])], [], CancellationToken.None);
        intake.Down = false;
        await sink.HandOnAsync([new ObservationBatch("bifrost_shop_deploy_web_app_learn", [Access("/etc/resolv.conf")])], [], CancellationToken.None);
        Assert.Empty(intake.Received);
        Assert.Equal((2, 1L, 2L), (sink.Pending, stats.ReportFailures, stats.ReportsPending));

        clock.Advance(TimeSpan.FromSeconds(2));
        await sink.HandOnAsync([], [], CancellationToken.None);

        var paths = intake.Received.Select(r => ((FileObservation)r.Report.Observations.Single()).Path).ToList();
        Assert.Equal(["/etc/hosts", "/etc/resolv.conf"], paths);
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task HandOn_PastTheBound_DropsTheOldestLearningReportButKeepsDenials()
    {
        var (sink, stats) = Sink(maxPending: 2);
        intake.Down = true;
        var denial = new RollbackDecision { Profile = "bifrost_shop_deploy_web_app_0123456789", Denied = [Access("/etc/shadow")], Denials = 3, FirstDeniedAt = Start, DecidedAt = Start };

        await sink.HandOnAsync([], [denial], CancellationToken.None);
        for (var i = 0; i < 3; i++)
            await sink.HandOnAsync([new ObservationBatch("bifrost_shop_deploy_web_app_learn", [Access($"/data/{i}")])], [], CancellationToken.None);
        intake.Down = false;
        clock.Advance(TimeSpan.FromMinutes(2));
        await sink.HandOnAsync([], [], CancellationToken.None);

        var received = intake.Received.Select(r => r.Report).ToList();
        Assert.Equal([ReportSource.Denied, ReportSource.Audit], received.Select(r => r.Source));
        Assert.Equal("/data/2", ((FileObservation)received[1].Observations.Single()).Path);
        Assert.Equal(2, stats.ReportsDropped);
    }

    private static FileObservation Access(string path) => new() { Container = "", Path = path, Access = AccessMask.Read };

}
