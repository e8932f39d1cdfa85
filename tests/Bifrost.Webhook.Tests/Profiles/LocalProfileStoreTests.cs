using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Tests.Profiles;

public sealed class LocalProfileStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("bifrost-store-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static BifrostProfile NewProfile(string name = "deployment-web") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
    };

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField()
    {
        var store = new LocalProfileStore(root, TimeProvider.System);
        var created = await store.CreateAsync(NewProfile(), CancellationToken.None);
        var withStatus = created with
        {
            Status = new BifrostProfileStatus
            {
                Phase = ProfilePhase.Stable,
                Containers = [new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 1,
                    Observed = [new FileObservation { Container = "app", Path = "/srv/a file", Access = AccessMask.Read | AccessMask.MmapExec }],
                }],
            },
        };
        await store.UpdateStatusAsync(withStatus, CancellationToken.None);

        var read = await store.GetAsync("shop", "deployment-web", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal("2", read.Metadata.ResourceVersion);
        Assert.Equal(ProfilePhase.Stable, read.Status.Phase);
        Assert.Equal(withStatus.Status.Containers[0].Observed, read.Status.Containers[0].Observed);
        Assert.Single(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_StaleVersion_ConflictsAndKeepsTheStoredProfile()
    {
        var store = new LocalProfileStore(root, TimeProvider.System);
        var created = await store.CreateAsync(NewProfile(), CancellationToken.None);
        await store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Message = "first" } }, CancellationToken.None);

        await Assert.ThrowsAsync<ProfileConflictException>(() =>
            store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Message = "stale" } }, CancellationToken.None));

        Assert.Equal("first", (await store.GetAsync("shop", "deployment-web", CancellationToken.None))!.Status.Message);
    }

    [Fact]
    public async Task Create_Twice_Conflicts()
    {
        var store = new LocalProfileStore(root, TimeProvider.System);
        await store.CreateAsync(NewProfile(), CancellationToken.None);

        await Assert.ThrowsAsync<ProfileConflictException>(() => store.CreateAsync(NewProfile(), CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_TwoWritersRacing_LoseNoUpdate()
    {
        // Two store instances stand for two processes: each increments a counter with read-modify-write and retries on conflict.
        await new LocalProfileStore(root, TimeProvider.System).CreateAsync(NewProfile(), CancellationToken.None);
        const int perWriter = 40;
        const int Writers = 4;

        async Task Writer()
        {
            var store = new LocalProfileStore(root, TimeProvider.System);
            for (var done = 0; done < perWriter;)
            {
                var current = (await store.GetAsync("shop", "deployment-web", CancellationToken.None))!;
                var count = current.Status.Containers.Count == 0 ? 0 : current.Status.Containers[0].Reports;
                var next = current with { Status = new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "app", Reports = count + 1 }] } };
                try
                {
                    await store.UpdateStatusAsync(next, CancellationToken.None);
                    done++;
                }
                catch (ProfileConflictException)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(Writer)));

        var final = await new LocalProfileStore(root, TimeProvider.System).GetAsync("shop", "deployment-web", CancellationToken.None);
        Assert.Equal(Writers * perWriter, final!.Status.Containers[0].Reports);
        Assert.Empty(Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task UpdateStatus_WhileAnotherProcessHoldsTheLock_WaitsForIt()
    {
        var store = new LocalProfileStore(root, TimeProvider.System);
        var created = await store.CreateAsync(NewProfile(), CancellationToken.None);
        var lockPath = Path.Combine(root, "shop", "deployment-web.json.lock");

        Task update;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            update = store.UpdateStatusAsync(created with { Status = new BifrostProfileStatus { Message = "after" } }, CancellationToken.None);
            await Task.Delay(300);
            Assert.False(update.IsCompleted, "the write went ahead while another writer held the lock");
        }

        await update;
        Assert.Equal("after", (await store.GetAsync("shop", "deployment-web", CancellationToken.None))!.Status.Message);
    }

    [Fact]
    public async Task Get_CorruptFile_SaysWhichFile()
    {
        var store = new LocalProfileStore(root, TimeProvider.System);
        Directory.CreateDirectory(Path.Combine(root, "shop"));
        await File.WriteAllTextAsync(Path.Combine(root, "shop", "deployment-web.json"), "{ not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync("shop", "deployment-web", CancellationToken.None));

        Assert.Contains("deployment-web.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public async Task Get_NameThatIsNotAKubernetesName_IsRefused(string name)
    {
        var store = new LocalProfileStore(root, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("shop", name, CancellationToken.None));
    }
}
