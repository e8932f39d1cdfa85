using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using CsCheck;

namespace Bifrost.Core.Tests.Learning;

public sealed class ProfileMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    // Rules as a generator would render them, with one glob: every file directly under /tmp/req/ is one rule.
    private static HashSet<string> Render(IReadOnlyList<Observation> observations) =>
        observations.Select(o => o is FileObservation f
            ? (f.Path.StartsWith("/tmp/req/", StringComparison.Ordinal) ? "/tmp/req/*" : f.Path) + " " + f.Access
            : o.ToString()).ToHashSet();

    // Keyed like the real merge: paths that generalise alike share a representative.
    private static readonly ProfileMerger Merger = new(ObservationKey.Of, Render);

    private static FileObservation File(string path, AccessMask access = AccessMask.Read, string container = "app") =>
        new() { Container = container, Path = path, Access = access };

    private static ReportInput Report(string pod, long sequence, params Observation[] observations) =>
        new() { PodUid = pod, Sequence = sequence, Observations = observations };

    [Fact]
    public void Merge_FirstReport_CountsRulesPodsAndTheNewRuleTime()
    {
        var result = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/etc/hosts"), new CapabilityObservation { Container = "app", Name = "chown" }), T0);

        var app = Assert.Single(result.Status.Containers);
        Assert.Equal(2, app.Rules);
        Assert.Equal(2, result.NewRules);
        Assert.Equal(T0, app.LastNewRuleAt);
        Assert.Equal(1, app.Pods);
        Assert.Equal(2, result.Status.Rules);
        Assert.Equal(T0, result.Status.LastNewRuleAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Merge_ResentOrOlderSequence_ChangesNothing(long sequence)
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/etc/hosts")), T0).Status;

        var again = Merger.Merge(first, Report("p1", sequence, File("/etc/shadow")), T0.AddMinutes(1));

        Assert.True(again.Resend);
        Assert.Same(first, again.Status);
    }

    [Fact]
    public void Merge_ObservationCoveredByAnExistingGlob_IsKeptButIsNoNewRule()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/tmp/req/a1")), T0).Status;

        var second = Merger.Merge(first, Report("p1", 2, File("/tmp/req/b2")), T0.AddMinutes(5));

        Assert.Equal(0, second.NewRules);
        Assert.Equal(T0, second.Status.Containers[0].LastNewRuleAt);
        Assert.Equal(2, second.Status.Containers[0].Observed.Count);
    }

    [Fact]
    public void Merge_WidenedAccessToAKnownFile_IsANewRule()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/data/db")), T0).Status;

        var second = Merger.Merge(first, Report("p1", 2, File("/data/db", AccessMask.Write)), T0.AddMinutes(5));

        Assert.Equal(1, second.NewRules);
        var observed = Assert.IsType<FileObservation>(Assert.Single(second.Status.Containers[0].Observed));
        Assert.Equal(AccessMask.Read | AccessMask.Write, observed.Access);
        Assert.Equal(T0.AddMinutes(5), second.Status.Containers[0].LastNewRuleAt);
    }

    [Fact]
    public void Merge_ReportWithDroppedEvents_RestartsTheQuietPeriod()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/etc/hosts")), T0).Status;

        var second = Merger.Merge(first, Report("p1", 2, File("/etc/hosts")) with { Dropped = 12 }, T0.AddMinutes(5)).Status;

        Assert.Equal(T0.AddMinutes(5), second.Containers[0].LastNewRuleAt);
        Assert.Equal(12, second.Containers[0].DroppedEvents);
    }

    [Fact]
    public void Merge_PathsThatGeneraliseAlike_KeepOneRepresentative()
    {
        var status = new BifrostProfileStatus();
        for (var pid = 100; pid < 150; pid++)
            status = Merger.Merge(status, Report($"p{pid}", 1, File($"/proc/{pid}/status")), T0).Status;

        Assert.Equal("/proc/100/status", Assert.IsType<FileObservation>(Assert.Single(status.Containers[0].Observed)).Path);
    }

    [Fact]
    public void Merge_SeveralPods_CountsEachPodOnceAndOnlyTheReportsThatBroughtSomethingNew()
    {
        var status = new BifrostProfileStatus();
        foreach (var (pod, sequence) in new[] { ("p1", 1L), ("p2", 1L), ("p1", 2L), ("p3", 1L), ("p2", 2L) })
            status = Merger.Merge(status, Report(pod, sequence, File("/etc/hosts")), T0).Status;

        Assert.Equal(3, status.Containers[0].Pods);
        Assert.Equal(3, status.Containers[0].Reports);
    }

    [Fact]
    public void Merge_ReportThatRepeatsWhatIsKnown_LeavesNothingToWrite()
    {
        var known = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/etc/hosts"), File("/data/db", AccessMask.Write)), T0).Status;

        var repeat = Merger.Merge(known, Report("p1", 2, File("/etc/hosts")), T0.AddMinutes(1));
        var widened = Merger.Merge(known, Report("p1", 2, File("/etc/hosts", AccessMask.Read | AccessMask.Write)), T0.AddMinutes(1));
        var dropped = Merger.Merge(known, Report("p1", 2, File("/etc/hosts")) with { Dropped = 3 }, T0.AddMinutes(1));
        var image = Merger.Merge(known, Report("p1", 2, File("/etc/hosts")) with { Images = new Dictionary<string, string> { ["app"] = "nginx:1.27" } }, T0.AddMinutes(1));

        Assert.True(repeat.Resend);
        Assert.Same(known, repeat.Status);
        Assert.False(widened.Resend);
        Assert.False(dropped.Resend);
        Assert.False(image.Resend);
    }

    [Fact]
    public void Merge_ManyPods_KeepsTheStatusBounded()
    {
        var status = new BifrostProfileStatus();
        for (var i = 0; i < 1000; i++)
            status = Merger.Merge(status, Report($"pod-{i}", 1, File("/etc/hosts")), T0).Status;

        Assert.Equal(ProfileMerger.MaxAppliedReports, status.AppliedReports.Count);
        Assert.Equal(ProfileMerger.MaxRecentPods, status.Containers[0].RecentPods.Count);
        Assert.Equal(1000, status.Containers[0].Pods);
    }

    [Fact]
    public void Merge_ReportForSeveralContainers_KeepsThemApart()
    {
        var status = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/a", container: "app"), File("/b", container: "sidecar")), T0).Status;

        Assert.Equal(["app", "sidecar"], status.Containers.Select(c => c.Name));
        Assert.All(status.Containers, c => Assert.Single(c.Observed));
    }

    [Fact]
    public void Merge_ABatch_EqualsMergingItsReportsOneByOne()
    {
        var observation = Gen.Select(Gen.OneOfConst("/etc/hosts", "/data/db", "/tmp/req/1", "/proc/12/stat", "/proc/99/stat"), Gen.Enum<AccessMask>(),
            Gen.OneOfConst("app", "sidecar"), (path, access, container) => (Observation)File(path, access, container));
        // Sequences may repeat: resends inside the batch must be dropped as they would be one by one.
        var reports = Gen.Select(observation.Array[0, 4], Gen.Int[0, 3], Gen.Long[1, 4], Gen.Long[0, 2], (obs, pod, sequence, dropped) =>
            new ReportInput { PodUid = $"p{pod}", Sequence = sequence, Dropped = dropped, Observations = obs }).Array[1, 10];

        reports.Sample(generated =>
        {
            // As senders number them: a pod's sequence grows, and a resend repeats its report exactly.
            var batch = generated.Select(r => generated.First(x => x.PodUid == r.PodUid && x.Sequence == r.Sequence)).OrderBy(r => r.Sequence).ToArray();
            var oneByOne = new BifrostProfileStatus();
            foreach (var report in batch)
                oneByOne = Merger.Merge(oneByOne, report, T0).Status;
            var together = Merger.Merge(new BifrostProfileStatus(), batch, T0).Status;

            // What was learned is the same; the bookkeeping differs by the reports that one by one brought nothing new
            // (not written then) and in a batch ride along with the others.
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(Learned(oneByOne), ProfileJson.Options),
                System.Text.Json.JsonSerializer.Serialize(Learned(together), ProfileJson.Options));
        }, iter: 300);
    }

    private static BifrostProfileStatus Learned(BifrostProfileStatus status) =>
        status with { AppliedReports = [], Containers = [.. status.Containers.Select(c => c with { Reports = 0 })] };

    [Fact]
    public void Merge_AnyReportsInAnyOrder_LearnTheSameObservations()
    {
        var observation = Gen.OneOf<Observation>(
            Gen.Select(Gen.OneOfConst("/etc/hosts", "/data/db", "/tmp/req/1", "/tmp/req/2"), Gen.Enum<AccessMask>(), (path, access) => (Observation)File(path, access)),
            Gen.OneOfConst("chown", "net_raw").Select(name => (Observation)new CapabilityObservation { Container = "app", Name = name }));
        var reports = Gen.Select(observation.Array[1, 5], Gen.Int[0, 3], (obs, pod) => (Observations: obs, Pod: $"p{pod}")).Array[1, 8];

        reports.Sample(list =>
        {
            static BifrostProfileStatus Run(IEnumerable<(Observation[] Observations, string Pod)> items)
            {
                var status = new BifrostProfileStatus();
                var sequence = 0L;
                foreach (var (observations, pod) in items)
                    status = Merger.Merge(status, Report(pod, ++sequence, observations), T0).Status;
                return status;
            }

            var forward = Run(list);
            var backward = Run(list.Reverse());

            Assert.Equal(forward.Containers[0].Observed, backward.Containers[0].Observed);
            Assert.Equal(forward.Rules, backward.Rules);
        }, iter: 200);
    }

    private static ReportInput WithImage(ReportInput report, string image) =>
        report with { Images = new Dictionary<string, string> { ["app"] = image } };

    [Fact]
    public void Merge_FirstImageOfAContainer_IsRecordedWithoutAChange()
    {
        var result = Merger.Merge(new BifrostProfileStatus(), WithImage(Report("p1", 1, File("/etc/hosts")), "web:1.0"), T0);

        Assert.Equal(["web:1.0"], result.Status.Containers[0].Images);
        Assert.Null(result.Status.ImageChangedAt);
    }

    [Fact]
    public void Merge_AnImageTheRulesWereNotLearnedFrom_IsNotedAsAChange()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), WithImage(Report("p1", 1, File("/etc/hosts")), "web:1.0"), T0).Status;

        var next = Merger.Merge(first, WithImage(Report("p2", 1, File("/etc/hosts")), "web:1.1"), T0.AddMinutes(5)).Status;

        Assert.Equal(["web:1.0", "web:1.1"], next.Containers[0].Images);
        Assert.Equal(T0.AddMinutes(5), next.ImageChangedAt);
        Assert.Equal("app: web:1.0 -> web:1.1", next.ImageChange);
    }

    [Fact]
    public void Merge_AnOldPodStillReportingItsImage_DoesNotFlipTheChangeBack()
    {
        var status = Merger.Merge(new BifrostProfileStatus(), WithImage(Report("old", 1, File("/etc/hosts")), "web:1.0"), T0).Status;
        status = Merger.Merge(status, WithImage(Report("new", 1, File("/etc/hosts")), "web:1.1"), T0.AddMinutes(5)).Status;

        var later = Merger.Merge(status, WithImage(Report("old", 2, File("/etc/passwd")), "web:1.0"), T0.AddMinutes(6)).Status;

        Assert.Equal(T0.AddMinutes(5), later.ImageChangedAt);
        Assert.Equal(["web:1.0", "web:1.1"], later.Containers[0].Images);
    }

    [Fact]
    public void Merge_ManyImages_KeepsTheNewestWithinTheBound()
    {
        var status = new BifrostProfileStatus();
        for (var i = 0; i < ProfileMerger.MaxImages + 3; i++)
            status = Merger.Merge(status, WithImage(Report("p1", i + 1, File("/etc/hosts")), $"web:{i}"), T0.AddMinutes(i)).Status;

        Assert.Equal(ProfileMerger.MaxImages, status.Containers[0].Images.Count);
        Assert.Equal($"web:{ProfileMerger.MaxImages + 2}", status.Containers[0].Images[^1]);
    }

    [Fact]
    public void Merge_DeniedReport_MergesTheAccessesAndRecordsTheDenial()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, File("/etc/hosts")), T0).Status;
        var denied = Report("agent-node-1", 7, File("/etc/shadow")) with { Source = ReportSource.Denied };

        var result = Merger.Merge(first, denied, T0.AddHours(3));

        Assert.Equal(1, result.NewRules);
        Assert.Contains(result.Status.Containers[0].Observed, o => o is FileObservation { Path: "/etc/shadow" });
        Assert.Equal(T0.AddHours(3), result.Status.DeniedAt);
        Assert.Equal(1, result.Status.Denials);
        Assert.Contains("/etc/shadow", result.Status.LastDenial, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AuditReport_LearnsWithoutRecordingADenial()
    {
        var audit = Report("agent-node-1", 7, File("/etc/hosts")) with { Source = ReportSource.Audit };

        var result = Merger.Merge(new BifrostProfileStatus(), audit, T0);

        Assert.Equal(1, result.NewRules);
        Assert.Null(result.Status.DeniedAt);
        Assert.Equal(0, result.Status.Denials);
    }
}
