using System.Text.Json.Nodes;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Profiles;

namespace Bifrost.Webhook.Tests.Leadership;

/// <summary>
/// Two replicas' real LeaderElectors competing for one Lease on an API server on Kestrel, whose replace answers
/// 409 to a stale resource version as the real one does. Waits poll; their limits only stop a broken test.
/// </summary>
public sealed class LeaseLeadershipTests : IAsyncLifetime
{
    private const string LeaseKey = "bifrost-system/bifrost-webhook-lifecycle";
    private FakeApiServer api = null!;

    public async Task InitializeAsync() => api = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task TwoReplicas_ExactlyOneLeadsAndOnlyItsControllerRuns()
    {
        await using var a = await Replica.StartAsync(api, "webhook-a");
        await using var b = await Replica.StartAsync(api, "webhook-b");

        await Eventually.TrueAsync(() => a.Leadership.IsLeader || b.Leadership.IsLeader, "a replica leads");
        var (leader, follower) = a.Leadership.IsLeader ? (a, b) : (b, a);
        await Eventually.TrueAsync(() => leader.Store.Lists >= 3, "the leader's controller runs its rounds");

        for (var i = 0; i < 20; i++)
        {
            Assert.False(a.Leadership.IsLeader && b.Leadership.IsLeader, "both replicas lead");
            await Task.Delay(25);
        }

        Assert.True(leader.Leadership.IsLeader);
        Assert.Equal(leader.Identity, Holder());
        Assert.Equal(0, follower.Store.Lists);
        Assert.Equal(1, await leader.MetricAsync("bifrost_lifecycle_leader"));
        Assert.Equal(0, await follower.MetricAsync("bifrost_lifecycle_leader"));
    }

    [Fact]
    public async Task LeaderStops_ItHandsTheLeaseBackAndTheOtherReplicaTakesOverAndRunsTheController()
    {
        await using var a = await Replica.StartAsync(api, "webhook-a");
        await Eventually.TrueAsync(() => a.Leadership.IsLeader, "the first replica leads");
        await using var b = await Replica.StartAsync(api, "webhook-b");
        await Eventually.TrueAsync(() => a.Store.Lists >= 2, "the leader's controller runs");

        await a.StopAsync();

        // Handed back on shutdown rather than left to expire.
        Assert.NotEqual("webhook-a", Holder());
        Assert.False(a.Leadership.IsLeader);
        Assert.Equal(0, await a.MetricAsync("bifrost_lifecycle_leader"));
        await Eventually.TrueAsync(() => b.Leadership.IsLeader, "the other replica takes over");
        Assert.Equal("webhook-b", Holder());
        await Eventually.TrueAsync(() => b.Store.Lists >= 2, "the new leader's controller runs");
        Assert.Equal(1, await b.MetricAsync("bifrost_lifecycle_leader"));
    }

    [Fact]
    public async Task LeaseHeldByAnotherReplica_IsNotTakenWhileRenewedButIsOnceItExpires()
    {
        PutLease("webhook-gone", transitions: 3);
        await using var a = await Replica.StartAsync(api, "webhook-a");

        // The holder renews for longer than a lease lasts: the lease is live, so it must not be taken.
        var until = DateTime.UtcNow + Replica.LeaseDuration * 1.5;
        while (DateTime.UtcNow < until)
        {
            PutLease("webhook-gone", transitions: 3);
            Assert.False(a.Leadership.IsLeader, "took a lease that was being renewed");
            await Task.Delay(200);
        }

        Assert.Equal(0, a.Store.Lists);
        await Eventually.TrueAsync(() => a.Leadership.IsLeader, "the expired lease is taken");
        Assert.Equal("webhook-a", Holder());
        Assert.Equal(4, StoredLease()["spec"]!["leaseTransitions"]!.GetValue<int>());
    }

    [Fact]
    public async Task LeaseTakenFromTheLeader_ItStopsRunningTheControllerAndCompetesAgain()
    {
        await using var a = await Replica.StartAsync(api, "webhook-a");
        await Eventually.TrueAsync(() => a.Leadership.IsLeader, "the replica leads");

        PutLease("webhook-intruder", transitions: 9);
        await Eventually.TrueAsync(() => !a.Leadership.IsLeader, "the replica sees it lost the lease");
        var rounds = a.Store.Lists;
        await a.Lifecycle.EvaluateAllAsync(CancellationToken.None);

        Assert.Equal(rounds, a.Store.Lists);
        Assert.Equal(0, await a.MetricAsync("bifrost_lifecycle_leader"));
        Assert.False(a.Leadership.ExecuteTask!.IsCompleted);
        await Eventually.TrueAsync(() => a.Leadership.IsLeader, "the replica leads again once the intruder's lease expires");
        Assert.Equal(2, await a.MetricAsync("bifrost_lifecycle_leader_transitions_total{to=\"leader\"}"));
        Assert.Equal(1, await a.MetricAsync("bifrost_lifecycle_leader_transitions_total{to=\"follower\"}"));
    }

    private JsonObject StoredLease() => api.State.Find("leases", LeaseKey) ?? throw new InvalidOperationException("no lease");

    private string? Holder() => StoredLease()["spec"]?["holderIdentity"]?.GetValue<string>();

    /// <summary>Writes the lease as another replica's renewal would, from outside the electors under test.</summary>
    private void PutLease(string holder, int transitions)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        api.State.Put("leases", new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = "bifrost-webhook-lifecycle", ["namespace"] = "bifrost-system" },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = holder,
                ["leaseDurationSeconds"] = (int)Replica.LeaseDuration.TotalSeconds,
                ["acquireTime"] = now,
                ["renewTime"] = now,
                ["leaseTransitions"] = transitions,
            },
        });
    }
}
