using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.Audit;

public sealed class LearningBatcherTests
{
    private static AuditRecord Allowed(string profile, string path) => new()
    {
        Profile = profile,
        Label = profile,
        Verdict = AuditVerdict.Allowed,
        Operation = "open",
        Observation = new FileObservation { Container = "", Path = path, Access = AccessMask.Read },
    };

    [Fact]
    public void Drain_RepeatedAccesses_AreOneObservationPerProfile()
    {
        var batcher = new LearningBatcher();
        for (var i = 0; i < 100; i++)
        {
            batcher.Offer(Allowed("bifrost_a_learn", "/etc/hosts"));
            batcher.Offer(Allowed("bifrost_b_learn", "/etc/hosts"));
        }

        var batches = batcher.Drain().OrderBy(b => b.Profile, StringComparer.Ordinal).ToList();

        Assert.Equal(["bifrost_a_learn", "bifrost_b_learn"], batches.Select(b => b.Profile));
        Assert.All(batches, b => Assert.Single(b.Observations));
        Assert.Empty(batcher.Drain());
    }

    [Fact]
    public void Offer_BeyondTheBound_CountsDropped()
    {
        var batcher = new LearningBatcher(maxPerProfile: 2);
        foreach (var path in new[] { "/a", "/b", "/c", "/a" })
            batcher.Offer(Allowed("bifrost_a_learn", path));

        Assert.Equal(2, Assert.Single(batcher.Drain()).Observations.Count);
        Assert.Equal(1, batcher.Dropped);
    }

    [Theory]
    [InlineData("bifrost_a_learn", ProfileMode.Complain, AuditVerdict.Allowed, AuditRoute.Learn)]
    [InlineData("bifrost_a_0123456789", ProfileMode.Enforce, AuditVerdict.Denied, AuditRoute.Rollback)]
    [InlineData("bifrost_a_learn", ProfileMode.Complain, AuditVerdict.Denied, AuditRoute.Ignore)]
    [InlineData("bifrost_a_0123456789", ProfileMode.Enforce, AuditVerdict.Audit, AuditRoute.Ignore)]
    [InlineData("docker-default", ProfileMode.Enforce, AuditVerdict.Denied, AuditRoute.Ignore)]
    public void Route_ByProfileModeAndVerdict(string profile, ProfileMode mode, AuditVerdict verdict, AuditRoute route)
    {
        var record = Allowed(profile, "/x") with { Verdict = verdict };

        Assert.Equal(route, AuditRouting.Route(record, _ => mode));
    }

    [Fact]
    public void Route_ProfileTheNodeDoesNotHave_IsIgnored()
    {
        Assert.Equal(AuditRoute.Ignore, AuditRouting.Route(Allowed("bifrost_gone_learn", "/x"), _ => null));
    }
}
