using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Intake;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>The leader is the one writer of BifrostProfile status: the flusher merges only while its replica leads.</summary>
public sealed class IntakeFlusherTests : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-flusher-").FullName;
    private readonly WriteAheadLog<ObservationReport> log;
    private readonly LocalProfileStore store;

    public IntakeFlusherTests()
    {
        log = WriteAheadLog<ObservationReport>.Open(Path.Combine(directory, "wal"), ObservationJson.Options);
        store = new LocalProfileStore(Path.Combine(directory, "profiles"), TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await log.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private IntakeFlusher Flusher(FixedLeadership leadership) => new(
        leadership, log, store, new ProfileMerger(ObservationKey.Of, _ => new HashSet<string>(StringComparer.Ordinal)), new NoEventSink(),
        Options.Create(new IntakeOptions { WalDirectory = Path.Combine(directory, "wal"), FlushInterval = TimeSpan.FromMilliseconds(100) }),
        new IntakeMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), TimeProvider.System,
        NullLogger<IntakeFlusher>.Instance);

    private static ObservationReport Report() => new()
    {
        Pod = new ReportPod { Namespace = "shop", Name = "web-5d8f-abcde", Uid = "uid-1", Node = "node-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "shop" },
        Sequence = 1,
        Observations = [new FileObservation { Container = "app", Path = "/etc/hosts", Access = AccessMask.Read }],
    };

    private async Task<BifrostProfile?> ProfileAsync() =>
        await store.GetAsync("shop", BifrostProfile.NameFor(new Core.Workloads.WorkloadIdentity("shop", "Deployment", "web")), CancellationToken.None);

    [Fact]
    public async Task Flusher_OnAReplicaThatDoesNotLead_MergesNothingUntilItLeads()
    {
        var leadership = new FixedLeadership(false);
        using var flusher = Flusher(leadership);
        await log.AppendAsync(Report(), CancellationToken.None);
        await flusher.StartAsync(CancellationToken.None);
        try
        {
            // Ten ticks as a follower.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Null(await ProfileAsync());

            leadership.IsLeader = true;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await ProfileAsync() is not { Status.Containers.Count: > 0 } && DateTime.UtcNow < deadline)
                await Task.Delay(100);

            var profile = await ProfileAsync();
            Assert.NotNull(profile);
            Assert.Contains(profile.Status.Containers.Single().Observed, o => o is FileObservation { Path: "/etc/hosts" });
        }
        finally
        {
            await flusher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Flusher_PackagesOfAWorkloadWithoutAProfile_CreateNone()
    {
        using var flusher = Flusher(new FixedLeadership(true));
        await log.AppendAsync(Report() with
        {
            Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-uid", Node = "node-1" },
            Source = ReportSource.Packages,
            Observations = [],
            Packages = [new("app", new Core.Relevancy.ImagePackages { Image = "nginx@sha256:11", Database = "dpkg database", Installed = 3, Used = [] })],
        }, CancellationToken.None);

        Assert.True(await flusher.FlushAsync(CancellationToken.None));

        Assert.Null(await ProfileAsync());
        Assert.Empty((await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records));
    }

    [Fact]
    public async Task Flusher_PackagesOfALearnedContainer_LandInItsStatus()
    {
        using var flusher = Flusher(new FixedLeadership(true));
        await log.AppendAsync(Report(), CancellationToken.None);
        await log.AppendAsync(Report() with
        {
            Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-uid", Node = "node-1" },
            Source = ReportSource.Packages,
            Sequence = 7,
            Observations = [],
            Packages = [new("app", new Core.Relevancy.ImagePackages { Image = "nginx@sha256:11", Database = "dpkg database", Installed = 3, Used = [new("libc6", "2.36-9", null)] })],
        }, CancellationToken.None);

        Assert.True(await flusher.FlushAsync(CancellationToken.None));

        var profile = await ProfileAsync();
        Assert.Equal((1, 3), (profile!.Status.PackagesInUse, profile.Status.PackagesInstalled));
        Assert.Equal("libc6", Assert.Single(Assert.Single(profile.Status.Containers).Packages).Used[0].Name);
    }
}
