using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>BifrostProfiles kept under the object limit: bulky fields packed, read back whole, and a merge that cannot fit left out with a condition.</summary>
public sealed class ProfileSizeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Observation> Files(string container, int count, string prefix = "/srv/data") =>
        [.. Enumerable.Range(0, count).Select(i => new FileObservation { Container = container, Path = $"{prefix}/{i:D6}/part-{i * 7919 % 10007}.json", Access = AccessMask.Read })];

    // Paths no compressor shortens much: what makes even a packed object too large.
    private static IReadOnlyList<Observation> RandomFiles(string container, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new FileObservation
        {
            Container = container,
            Path = "/" + Convert.ToHexString(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 24)),
            Access = AccessMask.Read,
        })];
    }

    private static BifrostProfile Profile(params ContainerProfileStatus[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", ResourceVersion = "7" },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web") },
        Status = new BifrostProfileStatus { Containers = containers },
    };

    private static ContainerProfileStatus Container(string name, IReadOnlyList<Observation> observed, int textBytes = 0) => new()
    {
        Name = name,
        Observed = observed,
        Profiles = textBytes == 0 ? [] : [RenderedProfile.Create($"bifrost-shop-web-{name}", ProfileMode.Complain, string.Concat(
            Enumerable.Range(0, textBytes / 40).Select(i => $"  /srv/data/{i:D6}/** r,\n")))],
    };

    private static BifrostProfile RoundTrip(BifrostProfile profile) =>
        JsonSerializer.Deserialize<BifrostProfile>(JsonSerializer.Serialize(profile, ProfileJson.Options), ProfileJson.Options)!;

    private static string Json(object value) => JsonSerializer.Serialize(value, ProfileJson.Options);

    [Fact]
    public void Fit_ProfileUnderTheBudget_IsWrittenAsItIs()
    {
        var profile = Profile(Container("app", Files("app", 100), textBytes: 4_000));

        var fit = ProfileSize.Fit(profile);

        Assert.True(fit.Fits);
        Assert.Equal(0, fit.Packed);
        Assert.Same(profile, fit.Profile);
        Assert.Equal(ProfileSize.Bytes(profile), fit.Bytes);
    }

    [Fact]
    public void Fit_ObservationsOverTheBudget_ArePackedAndReadBackWhole()
    {
        var profile = Profile(Container("app", Files("app", 15_000)), Container("sidecar", Files("sidecar", 300, "/etc/envoy")));
        Assert.True(ProfileSize.Bytes(profile) > ProfileSize.DefaultBudget);

        var fit = ProfileSize.Fit(profile);
        var read = RoundTrip(fit.Profile);

        Assert.True(fit.Fits);
        Assert.True(fit.Bytes <= ProfileSize.DefaultBudget);
        // Only the largest container needed packing; the other stays readable in kubectl.
        Assert.Equal(1, fit.Packed);
        Assert.Contains("observedGzip", Json(fit.Profile), StringComparison.Ordinal);
        Assert.Empty(fit.Profile.Status.Containers[0].Observed);
        Assert.Equal(300, fit.Profile.Status.Containers[1].Observed.Count);
        Assert.Equal(Json(profile.Status), Json(read.Status));
        Assert.All(read.Status.Containers, c => Assert.Null(c.ObservedGzip));
    }

    [Fact]
    public void Fit_TextsStillOverTheBudget_ArePackedAfterTheObservations()
    {
        var profile = Profile(Container("app", Files("app", 2_000), textBytes: 1_400_000), Container("worker", Files("worker", 2_000), textBytes: 1_400_000));

        var fit = ProfileSize.Fit(profile);
        var read = RoundTrip(fit.Profile);

        Assert.True(fit.Fits);
        Assert.True(fit.Bytes <= ProfileSize.DefaultBudget);
        Assert.Contains(fit.Profile.Status.Containers, c => c.Profiles.Any(p => p.TextGzip is not null && p.Text.Length == 0));
        Assert.Equal(Json(profile.Status), Json(read.Status));
        Assert.All(read.Status.Containers.SelectMany(c => c.Profiles), p => Assert.Equal(RenderedProfile.Create(p.Name, p.Mode, p.Text).Hash, p.Hash));
    }

    [Fact]
    public void Fit_IncompressibleProfileFarOverTheBudget_DoesNotFit()
    {
        var profile = Profile(Container("app", RandomFiles("app", 2_000, seed: 1)));

        var fit = ProfileSize.Fit(profile, budget: 32 * 1024);

        Assert.False(fit.Fits);
        Assert.True(fit.Bytes > 32 * 1024);
    }

    [Fact]
    public void Read_PackedFieldThatIsNotGzip_FailsAsJson()
    {
        var json = Json(Profile(Container("app", []))).Replace("\"name\": \"app\"", "\"name\": \"app\", \"observedGzip\": \"bm90IGd6aXA=\"", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BifrostProfile>(json, ProfileJson.Options));
    }

    [Fact]
    public void Merge_ReportThatWouldTakeTheObjectOverItsBudget_KeepsTheEarlierObservationsWithACondition()
    {
        var merger = new ProfileMerger(ObservationKey.Of, o => o.Select(x => x.ToString()).ToHashSet(), maxStatusBytes: 64 * 1024);
        var first = merger.Merge(new BifrostProfileStatus(), new ReportInput { PodUid = "p1", Sequence = 1, Observations = RandomFiles("app", 100, seed: 2) }, T0);
        var later = T0.AddMinutes(5);

        var second = merger.Merge(first.Status, new ReportInput { PodUid = "p1", Sequence = 2, Observations = RandomFiles("app", 3_000, seed: 3) }, later);
        var third = merger.Merge(second.Status, new ReportInput { PodUid = "p2", Sequence = 1, Observations = RandomFiles("app", 3_000, seed: 4) }, later.AddMinutes(1));

        Assert.Equal(100, first.Status.Containers.Single().Observed.Count);
        var app = second.Status.Containers.Single();
        Assert.Equal(100, app.Observed.Count);
        Assert.Equal(100, app.Rules);
        Assert.Equal(0, second.NewRules);
        // Learning goes on: the workload must not settle on a profile that misses what was left out.
        Assert.Equal(later, app.LastNewRuleAt);
        Assert.Equal(2, app.Reports);
        var condition = Assert.Single(second.Status.Conditions, c => c.Type == ProfileCondition.TooLarge);
        Assert.Equal(("True", "OverSizeBudget"), (condition.Status, condition.Reason));
        Assert.Contains("3000 new observations of app were not kept", condition.Message, StringComparison.Ordinal);
        Assert.Equal("ProfileTooLarge", Assert.Single(second.Events).Reason);
        // Said once: the next cut updates the condition without another Event or a new transition time.
        Assert.Empty(third.Events);
        Assert.Equal(later, Assert.Single(third.Status.Conditions, c => c.Type == ProfileCondition.TooLarge).LastTransitionTime);
    }

    [Fact]
    public void Merge_StatusBetweenTheMergersShareAndTheBudgetUnpacked_IsPackedNotCut()
    {
        // Unpacked, these observations take more than the seven eighths of the budget the merger allows itself and
        // less than the whole budget: packed they take a fraction of it, so nothing may be left out.
        const int budget = 64 * 1024;
        var merger = new ProfileMerger(ObservationKey.Of, o => o.Select(x => x.ToString()).ToHashSet(), maxStatusBytes: budget);
        var count = Enumerable.Range(1, 2_000).First(n =>
            ProfileSize.Bytes(new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "app", Observed = Files("app", n) }] }) > budget / 8 * 7);

        var result = merger.Merge(new BifrostProfileStatus(), new ReportInput { PodUid = "p1", Sequence = 1, Observations = Files("app", count) }, T0);

        Assert.True(ProfileSize.Bytes(result.Status) is > budget / 8 * 7 and <= budget + 4096, $"unpacked {ProfileSize.Bytes(result.Status)} bytes");
        Assert.Equal(count, result.Status.Containers.Single().Observed.Count);
        Assert.DoesNotContain(result.Status.Conditions, c => c.Type == ProfileCondition.TooLarge);
    }

    [Fact]
    public void Merge_UnderTheBudget_AddsNoSizeCondition()
    {
        var merger = new ProfileMerger(ObservationKey.Of, o => o.Select(x => x.ToString()).ToHashSet());

        var result = merger.Merge(new BifrostProfileStatus(), new ReportInput { PodUid = "p1", Sequence = 1, Observations = Files("app", 5_000) }, T0);

        Assert.Equal(5_000, result.Status.Containers.Single().Observed.Count);
        Assert.DoesNotContain(result.Status.Conditions, c => c.Type == ProfileCondition.TooLarge);
    }
}
