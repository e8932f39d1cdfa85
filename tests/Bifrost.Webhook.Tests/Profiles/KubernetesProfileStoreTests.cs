using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Kubernetes;
using static Bifrost.Webhook.Tests.Profiles.SampleProfiles;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>The CRD-backed store against an API server on real Kestrel, through the real Kubernetes client.</summary>
public sealed class KubernetesProfileStoreTests : IAsyncLifetime
{
    private FakeApiServer server = null!;
    private KubernetesProfileStore store = null!;

    public async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync();
        store = new KubernetesProfileStore(server.CreateClient());
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Get_ProfileThatDoesNotExist_ReturnsNull()
    {
        Assert.Null(await store.GetAsync("shop", "deployment-none", CancellationToken.None));
    }

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryFieldAndTakesTheServersMetadata()
    {
        var profile = Full("shop", "statefulset-web");

        var created = await store.CreateAsync(profile, CancellationToken.None);
        var read = await store.GetAsync("shop", "statefulset-web", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.False(string.IsNullOrEmpty(read.Metadata.Uid));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), read.Metadata.CreationTimestamp);
        Assert.Equal(1, read.Metadata.Generation);
        var expected = profile with
        {
            Metadata = profile.Metadata with
            {
                ResourceVersion = read.Metadata.ResourceVersion, Uid = read.Metadata.Uid, CreationTimestamp = read.Metadata.CreationTimestamp, Generation = 1,
            },
        };
        Assert.Equal(Text(expected), Text(read));
    }

    [Fact]
    public async Task Create_WithServerOwnedMetadataCopiedFromElsewhere_LeavesItToTheServer()
    {
        var copied = Bare("shop", "deployment-web") with
        {
            Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", ResourceVersion = "7", Uid = "old-uid" },
        };

        var created = await store.CreateAsync(copied, CancellationToken.None);

        Assert.NotEqual("old-uid", created.Metadata.Uid);
        Assert.NotEqual("7", created.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Create_Twice_ConflictsAndKeepsTheFirst()
    {
        await store.CreateAsync(Bare("shop", "deployment-web") with { Spec = new BifrostProfileSpec { Workload = new("Deployment", "first") } }, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ProfileConflictException>(() => store.CreateAsync(Bare("shop", "deployment-web"), CancellationToken.None));

        Assert.Equal(("shop", "deployment-web"), (conflict.Namespace, conflict.Name));
        Assert.Contains("already exists", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("first", (await store.GetAsync("shop", "deployment-web", CancellationToken.None))!.Spec.Workload.Name);
    }

    [Fact]
    public async Task UpdateStatus_StaleVersion_ConflictsAndKeepsTheStoredStatus()
    {
        var created = await store.CreateAsync(Bare("shop", "deployment-web"), CancellationToken.None);
        var first = await store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Message = "first" } }, CancellationToken.None);

        await Assert.ThrowsAsync<ProfileConflictException>(() =>
            store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Message = "stale" } }, CancellationToken.None));

        var read = await store.GetAsync("shop", "deployment-web", CancellationToken.None);
        Assert.Equal("first", read!.Status.Message);
        Assert.Equal(first.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.NotEqual(created.Metadata.ResourceVersion, first.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task UpdateStatus_ChangesOnlyTheStatus_TheSpecOnRecordIsKept()
    {
        var created = await store.CreateAsync(Bare("shop", "deployment-web"), CancellationToken.None);

        var updated = await store.UpdateStatusAsync(created with
        {
            Spec = created.Spec with { Mode = ProfileModeSetting.Off },
            Status = new BifrostProfileStatus { Phase = ProfilePhase.Stable, Rules = 3 },
        }, CancellationToken.None);

        Assert.Equal(ProfileModeSetting.Auto, updated.Spec.Mode);
        Assert.Equal(ProfilePhase.Stable, updated.Status.Phase);
        Assert.Equal(3, (await store.GetAsync("shop", "deployment-web", CancellationToken.None))!.Status.Rules);
    }

    [Fact]
    public async Task UpdateStatus_ProfileThatWasDeleted_Conflicts()
    {
        var created = await store.CreateAsync(Bare("shop", "deployment-web"), CancellationToken.None);
        server.State.Delete(BifrostProfile.Plural, "shop/deployment-web");

        var conflict = await Assert.ThrowsAsync<ProfileConflictException>(() => store.UpdateStatusAsync(created, CancellationToken.None));

        Assert.Contains("does not exist", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ProfilesInSeveralNamespacesOverSeveralPages_ReturnsEveryOne()
    {
        server.State.PageSize = 2;
        foreach (var (ns, name) in new[] { ("a", "deployment-1"), ("a", "deployment-2"), ("b", "job-3"), ("c", "pod-4"), ("c", "pod-5") })
            await store.CreateAsync(Bare(ns, name), CancellationToken.None);

        var all = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["a/deployment-1", "a/deployment-2", "b/job-3", "c/pod-4", "c/pod-5"],
            all.Select(p => $"{p.Metadata.Namespace}/{p.Metadata.Name}").Order(StringComparer.Ordinal));
        Assert.Equal(3, server.State.ListCalls(BifrostProfile.Plural));
    }
}
