using Bifrost.Core.Admission;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Intake;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Tests.Intake;

public sealed class ProtectionCheckTests
{
    private sealed class Namespaces(Dictionary<string, string> labels) : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) => new(name, labels);
    }

    /// <summary>Stands for the API server: any read is a failure of the test.</summary>
    private sealed class UnreachableStore : IProfileStore
    {
        public Task<BifrostProfile?> GetAsync(string @namespace, string name, CancellationToken cancellationToken) => throw new InvalidOperationException("an API call per report");
        public Task<IReadOnlyList<BifrostProfile>> ListAsync(CancellationToken cancellationToken) => throw new InvalidOperationException();
        public Task<BifrostProfile> CreateAsync(BifrostProfile profile, CancellationToken cancellationToken) => throw new InvalidOperationException();
        public Task<BifrostProfile> UpdateStatusAsync(BifrostProfile profile, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }

    private sealed class OptIn(bool answer) : IPodOptIn
    {
        public int Calls { get; private set; }

        public Task<bool> IsOptedInAsync(ReportPod pod, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer);
        }
    }

    private static ObservationReport Report() => new()
    {
        Pod = new ReportPod { Namespace = "plain", Name = "web-1", Uid = "uid-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        Sequence = 1,
        Observations = [],
    };

    private static ProfileCache CacheWith(params BifrostProfile[] profiles)
    {
        var cache = new ProfileCache();
        cache.Replace(profiles);
        return cache;
    }

    [Fact]
    public async Task IsProtected_ProfileInTheSyncedCache_NeedsNoApiCall()
    {
        var profile = new BifrostProfile
        {
            Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "plain" },
            Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        };
        var optIn = new OptIn(false);
        var check = new ProtectionCheck(new Namespaces([]), new UnreachableStore(), optIn, CacheWith(profile));

        Assert.True(await check.IsProtectedAsync(Report(), CancellationToken.None));
        Assert.Equal(0, optIn.Calls);
    }

    [Fact]
    public async Task IsProtected_UnknownWorkloadInAnUnlabelledNamespace_AsksWhetherThePodOptedIn()
    {
        var optIn = new OptIn(true);
        var check = new ProtectionCheck(new Namespaces([]), new UnreachableStore(), optIn, CacheWith());

        Assert.True(await check.IsProtectedAsync(Report(), CancellationToken.None));
        Assert.Equal(1, optIn.Calls);
    }

    [Theory]
    [InlineData("enabled", true)]
    [InlineData("disabled", false)]
    public async Task IsProtected_NamespaceLabel_DecidesWithoutLookingFurther(string label, bool expected)
    {
        var check = new ProtectionCheck(new Namespaces(new() { [BifrostLabels.Protect] = label }), new UnreachableStore(), new OptIn(!expected), CacheWith());

        Assert.Equal(expected, await check.IsProtectedAsync(Report(), CancellationToken.None));
    }
}
