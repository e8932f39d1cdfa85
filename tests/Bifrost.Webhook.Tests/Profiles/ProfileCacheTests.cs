using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Bifrost.Webhook.Tests.Profiles.SampleProfiles;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>
/// The profile cache as registered for a cluster, fed by list and watch requests of the real Kubernetes client
/// against an API server on Kestrel.
/// </summary>
public sealed class ProfileCacheTests : IAsyncLifetime
{
    private const string Plural = BifrostProfile.Plural;
    private FakeApiServer server = null!;

    public async Task InitializeAsync() => server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Cache_BeforeTheFirstList_IsNotReadyThenServesTheListedProfiles()
    {
        server.State.Put(Plural, Json(Full("shop", "statefulset-web")));
        server.State.HoldLists();
        await using var host = await ProfileCacheHost.StartAsync(server);
        var cache = host.Get<ProfileCache>();
        var readiness = new ProfileCacheHealthCheck(cache);

        await Eventually.TrueAsync(() => server.State.ListRequests >= 1, "a list request");
        Assert.False(cache.IsSynced);
        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Null(cache.Find("shop", "statefulset-web"));

        server.State.ReleaseLists();
        await Eventually.TrueAsync(() => cache.IsSynced, "first list");

        Assert.Equal(HealthStatus.Healthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        var cached = cache.Find("shop", "statefulset-web");
        Assert.NotNull(cached);
        Assert.Equal(Text(Full("shop", "statefulset-web").Status), Text(cached.Status));
    }

    [Fact]
    public async Task Cache_WatchEvents_AddModifyAndDeleteProfilesAndSignalEachChange()
    {
        await using var host = await ProfileCacheHost.StartAsync(server);
        var cache = host.Get<ProfileCache>();
        await Eventually.TrueAsync(() => server.State.OpenWatches(Plural) == 1, "watch open");
        var seen = cache.Changes.Generation;
        var changed = cache.Changes.WaitAsync(seen, CancellationToken.None);

        server.State.Put(Plural, Json(Bare("shop", "deployment-web")));
        await changed;
        await Eventually.TrueAsync(() => cache.Find("shop", "deployment-web") is not null, "added profile");

        server.State.Put(Plural, Json(Bare("shop", "deployment-web") with { Status = new BifrostProfileStatus { Phase = ProfilePhase.Enforcing } }));
        await Eventually.TrueAsync(() => cache.Find("shop", "deployment-web")?.Status.Phase == ProfilePhase.Enforcing, "modified profile");

        server.State.Delete(Plural, "shop/deployment-web");
        await Eventually.TrueAsync(() => cache.Find("shop", "deployment-web") is null, "deleted profile");

        Assert.True(cache.Changes.Generation >= seen + 3);
        Assert.Equal(1, server.State.ListCalls(Plural));
        Assert.Equal(1.0, MetricsText.Value(await host.MetricsAsync(), "bifrost_profile_cache_lists_total{resource=\"bifrostprofiles\"}"));
    }

    [Fact]
    public async Task Cache_WatchExpiredWith410_ListsAgainAndDropsProfilesDeletedMeanwhile()
    {
        server.State.Put(Plural, Json(Bare("shop", "deployment-kept")));
        server.State.Put(Plural, Json(Bare("shop", "deployment-gone")));
        await using var host = await ProfileCacheHost.StartAsync(server);
        var cache = host.Get<ProfileCache>();
        await Eventually.TrueAsync(() => server.State.OpenWatches(Plural) == 1, "watch open");
        Assert.NotNull(cache.Find("shop", "deployment-gone"));

        server.State.Delete(Plural, "shop/deployment-gone", silently: true);
        server.State.Put(Plural, Json(Bare("other", "job-new")), silently: true);
        server.State.Compact();
        await Eventually.TrueAsync(() => server.State.ListCalls(Plural) == 2 && server.State.OpenWatches(Plural) == 1, "relist and new watch");

        Assert.Null(cache.Find("shop", "deployment-gone"));
        Assert.NotNull(cache.Find("shop", "deployment-kept"));
        Assert.NotNull(cache.Find("other", "job-new"));
        Assert.Equal(2, cache.Count);
        Assert.Equal(2.0, MetricsText.Value(await host.MetricsAsync(), "bifrost_profile_cache_lists_total{resource=\"bifrostprofiles\"}"));
        Assert.Equal(0.0, MetricsText.Value(await host.MetricsAsync(), "bifrost_profile_cache_failures_total{resource=\"bifrostprofiles\"}") ?? 0.0);
    }

    [Fact]
    public async Task Cache_WatchEndedByTheServer_ResumesFromTheBookmarkWithoutListing()
    {
        await using var host = await ProfileCacheHost.StartAsync(server);
        await Eventually.TrueAsync(() => server.State.OpenWatches(Plural) == 1, "watch open");
        var listedAt = server.State.WatchedFrom(Plural)[0];

        // The stream delivers the bookmark before it ends, so the renewed watch must start from the bookmark's version.
        server.State.Bookmark(Plural, BifrostProfile.KindName);
        var bookmark = server.State.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.State.EndWatches();
        await Eventually.TrueAsync(() => server.State.WatchedFrom(Plural).Count == 2, "renewed watch");

        Assert.Equal([listedAt, bookmark], server.State.WatchedFrom(Plural));
        Assert.Equal(1, server.State.ListCalls(Plural));
    }

    [Fact]
    public async Task Cache_ProfileThatDoesNotMatchTheModel_IsSkippedAndCountedWhileOthersLoad()
    {
        var broken = Json(Bare("shop", "deployment-broken"));
        broken["spec"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "Auto" };
        server.State.Put(Plural, broken);
        server.State.Put(Plural, Json(Bare("shop", "deployment-fine")));
        await using var host = await ProfileCacheHost.StartAsync(server);
        var cache = host.Get<ProfileCache>();

        await Eventually.TrueAsync(() => cache.IsSynced, "first list");

        Assert.Null(cache.Find("shop", "deployment-broken"));
        Assert.NotNull(cache.Find("shop", "deployment-fine"));
        Assert.Equal(1.0, MetricsText.Value(await host.MetricsAsync(), "bifrost_profile_cache_unreadable_total{resource=\"bifrostprofiles\"}"));
    }

    [Fact]
    public async Task Cache_WritesThroughTheStore_ArriveAsWatchEvents()
    {
        await using var host = await ProfileCacheHost.StartAsync(server);
        var cache = host.Get<ProfileCache>();
        var store = host.Get<IProfileStore>();
        Assert.IsType<KubernetesProfileStore>(store);
        await Eventually.TrueAsync(() => server.State.OpenWatches(Plural) == 1, "watch open");

        var created = await store.CreateAsync(Bare("shop", "deployment-web"), CancellationToken.None);
        await store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Phase = ProfilePhase.Stable, Rules = 5 } }, CancellationToken.None);

        await Eventually.TrueAsync(() => cache.Find("shop", "deployment-web")?.Status.Rules == 5, "status update in the cache");
        Assert.Equal(ProfilePhase.Stable, cache.Find("shop", "deployment-web")!.Status.Phase);
        Assert.Single(cache.All);
    }
}
