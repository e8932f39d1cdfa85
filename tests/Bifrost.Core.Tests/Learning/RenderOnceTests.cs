using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>
/// The merge and the lifecycle share one renderer: a round generates rules once per workload whose observations
/// changed, and none for the others, however often the learning and enforce profiles are asked for.
/// </summary>
public sealed class RenderOnceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly LearningPolicy Policy = new() { MinimumLearningPeriod = TimeSpan.FromHours(1), QuietPeriod = TimeSpan.FromMinutes(30), MinimumPods = 1 };

    private readonly ProfileRenderer renderer = new();
    private readonly ProfileMerger merger;
    private readonly ProfileLifecycle lifecycle;

    public RenderOnceTests()
    {
        merger = new ProfileMerger(ObservationKey.Of, o => renderer.Rules(o).Rules.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal));
        lifecycle = new ProfileLifecycle(Policy, IncludeResolver.BuiltInOnly, renderer);
    }

    private sealed class AllLoaded : INodeGate
    {
        public string? Missing(RenderedProfile profile) => null;
    }

    private static ReportInput Report(string pod, long sequence, params string[] paths) => new()
    {
        PodUid = pod,
        PodName = "web-" + pod,
        Node = "n1",
        Sequence = sequence,
        Observations = [.. paths.Select(p => (Observation)new FileObservation { Container = "app", Path = p, Access = AccessMask.Read })],
    };

    private static BifrostProfile Workload(string name, BifrostProfileStatus status) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-" + name, Namespace = "shop", CreationTimestamp = T0 },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", name) },
        Status = status,
    };

    // One controller round: each report merged, then every workload evaluated.
    private (BifrostProfile Web, BifrostProfile Db) Round(BifrostProfile web, BifrostProfile db, DateTimeOffset now, ReportInput? toWeb = null)
    {
        if (toWeb is not null)
            web = web with { Status = merger.Merge(web.Status, toWeb, now).Status };
        web = web with { Status = lifecycle.Evaluate(web, new AllLoaded(), now).Status };
        db = db with { Status = lifecycle.Evaluate(db, new AllLoaded(), now).Status };
        return (web, db);
    }

    [Fact]
    public void Rounds_GenerateOncePerChangedWorkload()
    {
        var web = Workload("web", merger.Merge(new BifrostProfileStatus(), Report("w1", 1, "/srv/index.html"), T0).Status);
        var db = Workload("db", merger.Merge(new BifrostProfileStatus(), Report("d1", 1, "/var/lib/db/data"), T0).Status);
        (web, db) = Round(web, db, T0);
        var before = renderer.Generations;

        (web, db) = Round(web, db, T0.AddMinutes(5), Report("w1", 2, "/srv/about.html"));
        var oneChanged = renderer.Generations - before;
        (web, db) = Round(web, db, T0.AddMinutes(10));
        var nothingChanged = renderer.Generations - before - oneChanged;
        (web, db) = Round(web, db, T0.AddHours(2));
        (web, db) = Round(web, db, T0.AddHours(2).AddMinutes(1));
        var enforced = renderer.Generations - before - oneChanged - nothingChanged;

        Assert.Equal(1, oneChanged);
        Assert.Equal(0, nothingChanged);
        Assert.Equal(ProfilePhase.Enforcing, web.Status.Phase);
        Assert.Equal(ProfilePhase.Enforcing, db.Status.Phase);
        Assert.Equal(0, enforced);
    }

    [Fact]
    public void Render_NameAndMode_OnlyChangeTheHeader()
    {
        IReadOnlyList<Observation> observed = [new FileObservation { Container = "app", Path = "/srv/index.html", Access = AccessMask.Read }];

        var complain = renderer.Render(observed, "bifrost_a_learn", ProfileMode.Complain);
        var enforce = renderer.Render(observed, "bifrost_a_0123456789", ProfileMode.Enforce);

        Assert.Equal(1, renderer.Generations);
        Assert.Equal(ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = "bifrost_a_learn", Mode = ProfileMode.Complain }).Text, complain.Text);
        Assert.Equal(ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = "bifrost_a_0123456789", Mode = ProfileMode.Enforce }).Text, enforce.Text);
    }
}
