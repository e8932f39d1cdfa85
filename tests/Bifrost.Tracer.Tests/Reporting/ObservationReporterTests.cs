using Bifrost.Core.Observations;
using Bifrost.Reporting;
using Bifrost.Tracing.Reporting;

namespace Bifrost.Tracer.Tests.Reporting;

public sealed class ObservationReporterTests : IAsyncLifetime, IDisposable
{
    private readonly string tokenFile = Path.GetTempFileName();
    private readonly ManualClock time = new();
    private FakeIntake server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await FakeIntake.StartAsync();
        http = ReportHttpClient.Create(server.CaFile);
        await File.WriteAllTextAsync(tokenFile, "token-one\n");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose()
    {
        http.Dispose();
        File.Delete(tokenFile);
    }

    private ObservationReporter Reporter(int maxPending = 100, int maxBatch = 10, Func<long>? kernelDrops = null) =>
        new(new ReporterOptions
        {
            Endpoint = server.Endpoint,
            TokenFile = tokenFile,
            CaFile = server.CaFile,
            Pod = new ReportPod { Namespace = "shop", Name = "web-1", Uid = "uid-1", Node = "n1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
            MaxPending = maxPending,
            MaxBatch = maxBatch,
        }, http, time, kernelDrops);

    private static FileObservation File_(int i) => new() { Container = "app", Path = $"/data/{i}", Access = AccessMask.Read };

    [Fact]
    public async Task Flush_MoreThanOneBatch_SendsNumberedBatchesOverHttps()
    {
        var reporter = Reporter();
        for (var i = 0; i < 25; i++)
        {
            reporter.Enqueue(File_(i));
        }

        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        var reports = server.Received.Select(r => r.Report).ToList();
        var first = ReportSequence.First(time);
        Assert.Equal([first, first + 1, first + 2], reports.Select(r => r.Sequence));
        Assert.Equal([10, 10, 5], reports.Select(r => r.Observations.Count));
        Assert.All(reports, r => Assert.Equal(("bifrost.io/v1alpha1", "ObservationReport", "uid-1", "web"), (r.ApiVersion, r.Kind, r.Pod.Uid, r.Workload.Name)));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"/data/{i}"), reports.SelectMany(r => r.Observations).Cast<FileObservation>().Select(f => f.Path));
        Assert.Equal(0, reporter.Pending);
    }

    [Fact]
    public async Task Flush_WhileServiceDown_KeepsEverythingAndResendsSameSequenceAfterBackoff()
    {
        var reporter = Reporter();
        for (var i = 0; i < 5; i++)
        {
            reporter.Enqueue(File_(i));
        }
        server.Down = true;

        Assert.False(await reporter.FlushAsync(CancellationToken.None));
        reporter.Enqueue(File_(5));
        server.Down = false;
        Assert.False(await reporter.FlushAsync(CancellationToken.None)); // still backing off
        Assert.Empty(server.Received);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        var reports = server.Received.Select(r => r.Report).ToList();
        var first = reports[0].Sequence;
        Assert.Equal([first, first + 1], reports.Select(r => r.Sequence));
        Assert.Equal(6, reports.Sum(r => r.Observations.Count));
    }

    [Fact]
    public async Task Reporter_RestartedInTheSamePod_NumbersItsReportsAboveThoseOfItsPredecessor()
    {
        var before = Reporter(maxBatch: 1);
        for (var i = 0; i < 50; i++)
        {
            before.Enqueue(File_(i));
        }
        Assert.True(await before.FlushAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(1));

        var after = Reporter();
        after.Enqueue(File_(50));
        Assert.True(await after.FlushAsync(CancellationToken.None));

        var sequences = server.Received.Select(r => r.Report.Sequence).ToList();
        Assert.Equal(51, sequences.Count);
        Assert.True(sequences[^1] > sequences[^2], $"{sequences[^1]} after {sequences[^2]}: the receiver would take it for a resend");
    }

    [Fact]
    public async Task Flush_WithImages_SendsThemWithEveryReport()
    {
        var reporter = new ObservationReporter(new ReporterOptions
        {
            Endpoint = server.Endpoint,
            TokenFile = tokenFile,
            CaFile = server.CaFile,
            Pod = new ReportPod { Namespace = "shop", Name = "web-1", Uid = "uid-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
            Images = new Dictionary<string, string> { ["app"] = "nginx:1.27" },
        }, http, time);
        reporter.Enqueue(File_(1));

        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        Assert.Equal("nginx:1.27", Assert.Single(server.Received).Report.Images!["app"]);
    }

    [Fact]
    public async Task Enqueue_PastTheBound_CountsDropsAndMarksReportsPartial()
    {
        var reporter = Reporter(maxPending: 3, kernelDrops: () => 2);
        for (var i = 0; i < 5; i++)
        {
            reporter.Enqueue(File_(i));
        }

        Assert.Equal(2, reporter.DroppedHere);
        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        var report = Assert.Single(server.Received).Report;
        Assert.Equal(3, report.Observations.Count);
        Assert.True(report.Partial);
        Assert.Equal(4, report.Dropped);

        // The next report carries only what was lost since: nothing, though the pod stays partial.
        reporter.Enqueue(File_(9));
        Assert.True(await reporter.FlushAsync(CancellationToken.None));
        var next = server.Received.Last().Report;
        Assert.True(next.Partial);
        Assert.Equal(0, next.Dropped);
    }

    [Fact]
    public async Task Flush_AfterTokenRotation_SendsTheNewToken()
    {
        var reporter = Reporter();
        reporter.Enqueue(File_(1));
        await reporter.FlushAsync(CancellationToken.None);
        await File.WriteAllTextAsync(tokenFile, "token-two\n");
        reporter.Enqueue(File_(2));
        await reporter.FlushAsync(CancellationToken.None);

        Assert.Equal(["Bearer token-one", "Bearer token-two"], server.Received.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Run_WhenCancelled_FlushesWhatIsLeft()
    {
        var reporter = new ObservationReporter(new ReporterOptions
        {
            Endpoint = server.Endpoint,
            TokenFile = tokenFile,
            Pod = new ReportPod { Namespace = "shop", Name = "web-1", Uid = "uid-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
            BatchInterval = TimeSpan.FromHours(1),
        }, http, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = reporter.RunAsync(stop.Token);
        reporter.Enqueue(File_(7));

        await stop.CancelAsync();
        await run;

        Assert.Equal("/data/7", Assert.IsType<FileObservation>(Assert.Single(Assert.Single(server.Received).Report.Observations)).Path);
    }

    [Fact]
    public async Task Flush_TracerUnavailable_SendsItsStateWithNoObservationsOnce()
    {
        var reporter = Reporter();
        reporter.SetState(new TracerState { State = TracerState.Unavailable, Reason = "no BTF" });

        Assert.True(await reporter.FlushAsync(CancellationToken.None));
        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        var (_, report) = Assert.Single(server.Received);
        Assert.Empty(report.Observations);
        Assert.Equal((TracerState.Unavailable, "no BTF"), (report.Tracer?.State, report.Tracer?.Reason));
    }

    [Fact]
    public async Task Flush_ContainersNamedById_AreListedWithTheirMissedStarts()
    {
        const string a = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
        const string b = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
        var reporter = Reporter();
        reporter.NameById(a);
        reporter.NameById(b);
        reporter.MarkStartMissed(b);
        reporter.Enqueue(new FileObservation { Container = a, Path = "/a", Access = AccessMask.Read });
        reporter.Enqueue(new FileObservation { Container = b, Path = "/b", Access = AccessMask.Read });

        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        var (_, report) = Assert.Single(server.Received);
        Assert.Equal([(a, false), (b, true)], report.Containers!.Select(c => (c.Id, c.StartMissed)).OrderBy(c => c.Id).Select(c => (c.Id!, c.StartMissed)));
        Assert.All(report.Containers!, c => Assert.Null(c.Name));
    }

    [Fact]
    public async Task Flush_ReportOfNamedContainersOnly_ListsNoContainers()
    {
        var reporter = Reporter();
        reporter.Enqueue(File_(1));

        Assert.True(await reporter.FlushAsync(CancellationToken.None));

        Assert.Null(Assert.Single(server.Received).Report.Containers);
    }
}
