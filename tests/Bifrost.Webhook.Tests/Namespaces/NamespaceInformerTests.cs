using System.Diagnostics;
using Bifrost.Kubernetes.Watching;
using Bifrost.Kubernetes;
using Bifrost.Webhook.Namespaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Bifrost.Webhook.Tests.Namespaces.ScriptedNamespaceSource;

namespace Bifrost.Webhook.Tests.Namespaces;

/// <summary>The informer's list-then-watch cycle, fed events by the test instead of an API server.</summary>
public sealed class NamespaceInformerTests : IAsyncLifetime, IDisposable
{
    private const string Protect = "bifrost.io/protect";
    private readonly ScriptedNamespaceSource source = new();
    private readonly NamespaceCache cache = new();
    private readonly NamespaceInformer informer;

    public NamespaceInformerTests()
    {
        var options = Options.Create(new KubernetesOptions { MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) });
        var metrics = new NamespaceMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        informer = new NamespaceInformer(source, cache, metrics, options, TimeProvider.System, NullLogger<NamespaceInformer>.Instance);
    }

    public Task InitializeAsync() => informer.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => informer.StopAsync(CancellationToken.None);

    public void Dispose() => informer.Dispose();

    [Fact]
    public async Task Informer_WatchEvents_AddModifyAndDeleteNamespaces()
    {
        source.List("10", Namespace("team", (Protect, "enabled")));
        var watch = await source.NextWatchAsync();
        Assert.True(cache.IsSynced);
        Assert.Equal("10", Assert.Single(source.WatchedFrom));
        Assert.Equal("enabled", cache.Find("team")!.Labels[Protect]);

        await watch.WriteAsync(Event(WatchChangeType.Added, Namespace("other"), "11"));
        await EventuallyAsync(() => cache.Find("other") is not null);
        await watch.WriteAsync(Event(WatchChangeType.Modified, Namespace("team", (Protect, "disabled")), "12"));
        await EventuallyAsync(() => cache.Find("team")?.Labels[Protect] == "disabled");
        await watch.WriteAsync(Event(WatchChangeType.Deleted, Namespace("other"), "13"));
        await EventuallyAsync(() => cache.Find("other") is null);

        Assert.Equal(1, cache.Count);
        Assert.Equal(1, source.ListCalls);
    }

    [Fact]
    public async Task Informer_ExpiredWatch_ListsAgainAndDropsNamespacesDeletedMeanwhile()
    {
        source.List("10", Namespace("kept"), Namespace("gone"));
        var watch = await source.NextWatchAsync();
        Assert.NotNull(cache.Find("gone"));

        await watch.WriteAsync(Event(WatchChangeType.Expired, null, ""));
        source.List("20", Namespace("kept"), Namespace("new", (Protect, "enabled")));
        await source.NextWatchAsync();

        Assert.Null(cache.Find("gone"));
        Assert.NotNull(cache.Find("kept"));
        Assert.Equal("enabled", cache.Find("new")!.Labels[Protect]);
        Assert.Equal(["10", "20"], source.WatchedFrom);
        Assert.Equal(2, source.ListCalls);
    }

    [Fact]
    public async Task Informer_WatchClosedByServer_ResumesFromTheLastResourceVersionWithoutListing()
    {
        source.List("5", Namespace("team"));
        var watch = await source.NextWatchAsync();

        await watch.WriteAsync(Event(WatchChangeType.Added, Namespace("late"), "7"));
        await watch.WriteAsync(Event(WatchChangeType.Bookmark, null, "9"));
        watch.Complete();
        await source.NextWatchAsync();

        Assert.Equal(["5", "9"], source.WatchedFrom);
        Assert.Equal(1, source.ListCalls);
        Assert.NotNull(cache.Find("late"));
    }

    [Fact]
    public async Task Informer_FailedWatch_BacksOffAndListsAgain()
    {
        source.List("5", Namespace("team"));
        var watch = await source.NextWatchAsync();

        watch.Complete(new IOException("connection reset by peer"));
        source.List("30", Namespace("team"), Namespace("after-failure"));
        await source.NextWatchAsync();

        Assert.Equal(2, source.ListCalls);
        Assert.NotNull(cache.Find("after-failure"));
        Assert.Equal(["5", "30"], source.WatchedFrom);
    }

    [Fact]
    public async Task Informer_ListFailing_IsNotSyncedUntilARetrySucceeds()
    {
        source.FailNextList(new HttpRequestException("connection refused"));
        source.FailNextList(new HttpRequestException("connection refused"));
        await EventuallyAsync(() => source.ListCalls >= 3);
        Assert.False(cache.IsSynced);
        Assert.Null(cache.Find("team"));

        source.List("40", Namespace("team", (Protect, "enabled")));
        await source.NextWatchAsync();

        Assert.True(cache.IsSynced);
        Assert.Equal("enabled", cache.Find("team")!.Labels[Protect]);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "condition not reached within 60 s");
            await Task.Delay(10);
        }
    }
}
