using System.Text.Json;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Resources;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Kubernetes;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>
/// BifrostProfiles at etcd's object limit, through the real client and serialization against an API server that
/// refuses objects over 1.5 MiB as etcd does: what fits is stored as it is, what does not is stored packed and read
/// back whole by the controller and by a node agent's list-watch.
/// </summary>
public sealed class ProfileSizeLimitTests : IAsyncLifetime
{
    private FakeApiServer server = null!;
    private k8s.IKubernetes client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync();
        client = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private static FileObservation File(int i) =>
        new() { Container = "app", Path = $"/srv/data/{i / 100:D4}/{i:D7}.parquet", Access = AccessMask.Read | AccessMask.Write };

    private static BifrostProfile WithObservations(int count) => SampleProfiles.Bare("shop", "deployment-web") with
    {
        Status = new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "app", Observed = [.. Enumerable.Range(0, count).Select(File)] }] },
    };

    // The largest profile of this shape whose stored JSON (with the server's metadata) is still within the budget.
    private static BifrostProfile JustUnderTheBudget()
    {
        const int ServerMetadata = 512;
        var (low, high) = (1, 40_000);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (ProfileSize.Bytes(WithObservations(mid)) + ServerMetadata <= ProfileSize.DefaultBudget)
                low = mid;
            else
                high = mid - 1;
        }

        return WithObservations(low);
    }

    private static async Task<BifrostProfile> StoreAsync(KubernetesProfileStore store, BifrostProfile profile) =>
        await store.CreateAsync(profile, CancellationToken.None);

    private int StoredBytes() => System.Text.Encoding.UTF8.GetByteCount(server.State.Find(BifrostProfile.Plural, "shop/deployment-web")!.ToJsonString());

    private static string Json(BifrostProfileStatus status) => JsonSerializer.Serialize(status, ProfileJson.Options);

    [Fact]
    public async Task Create_ProfileJustUnderTheBudget_IsStoredAsItIs()
    {
        var profile = JustUnderTheBudget();

        await StoreAsync(new KubernetesProfileStore(client), profile);
        var read = await new KubernetesProfileStore(client).GetAsync("shop", "deployment-web", CancellationToken.None);

        Assert.InRange(StoredBytes(), ProfileSize.DefaultBudget - 4096, ProfileSize.DefaultBudget);
        Assert.DoesNotContain("observedGzip", server.State.Find(BifrostProfile.Plural, "shop/deployment-web")!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(Json(profile.Status), Json(read!.Status));
    }

    [Fact]
    public async Task Create_ProfileFourTimesEtcdsLimit_IsStoredPackedAndEveryReaderGetsItWhole()
    {
        var profile = WithObservations(80_000);
        Assert.True(ProfileSize.Bytes(profile) > 4 * ProfileSize.EtcdLimit);

        var written = await StoreAsync(new KubernetesProfileStore(client), profile);
        var read = await new KubernetesProfileStore(client).GetAsync("shop", "deployment-web", CancellationToken.None);
        var agentView = await new CustomObjectSource<BifrostProfile>(client, CustomResource.Profiles, new KubernetesOptions(), NullLogger.Instance)
            .ListAsync(CancellationToken.None);

        Assert.True(StoredBytes() <= ProfileSize.DefaultBudget, $"stored {StoredBytes()} bytes");
        Assert.Contains("observedGzip", server.State.Find(BifrostProfile.Plural, "shop/deployment-web")!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, server.State.RefusedForSize);
        Assert.Equal(Json(profile.Status), Json(written.Status));
        Assert.Equal(Json(profile.Status), Json(read!.Status));
        Assert.Equal(Json(profile.Status), Json(Assert.Single(agentView.Items).Status));
    }

    [Fact]
    public async Task Create_WithoutABudget_TheApiServerRefusesTheStatusAsEtcdDoes()
    {
        var store = new KubernetesProfileStore(client, maxStatusBytes: int.MaxValue);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => StoreAsync(store, WithObservations(80_000)));

        Assert.Contains("etcdserver: request is too large", refused.Response.Content, StringComparison.Ordinal);
        Assert.Equal(1, server.State.RefusedForSize);
    }

    [Fact]
    public async Task Create_ProfileThatCannotFitEvenPacked_IsRefusedWithItsSizeBeforeTheApiServer()
    {
        var random = new Random(7);
        var profile = SampleProfiles.Bare("shop", "deployment-web") with
        {
            Status = new BifrostProfileStatus
            {
                Containers = [new ContainerProfileStatus
                {
                    Name = "app",
                    Observed = [.. Enumerable.Range(0, 4_000).Select(_ => new FileObservation { Container = "app", Path = "/" + Convert.ToHexString(random.GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 24)), Access = AccessMask.Read })],
                }],
            },
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreAsync(new KubernetesProfileStore(client, maxStatusBytes: 64 * 1024), profile));

        Assert.Contains("over its budget of 65536", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.State.RefusedForSize);
    }
}
