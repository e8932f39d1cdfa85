using Bifrost.Core.Audit;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.Audit;

public sealed class RollbackDeciderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RollbackPolicy Policy = new() { Gather = TimeSpan.FromSeconds(10), Cooldown = TimeSpan.FromMinutes(5), MaxAccesses = 3 };

    private static AuditRecord Denied(string profile, string path) => new()
    {
        Profile = profile,
        Label = profile,
        Verdict = AuditVerdict.Denied,
        Operation = "open",
        Observation = new FileObservation { Container = "", Path = path, Access = AccessMask.Read },
    };

    [Fact]
    public void TakeDue_FloodOfDenialsWithinTheWindow_IsOneDecision()
    {
        var decider = new RollbackDecider(Policy);
        for (var i = 0; i < 10_000; i++)
            decider.Offer(Denied("bifrost_a_1", "/etc/shadow"), Start.AddMilliseconds(i % 9000));

        Assert.Empty(decider.TakeDue(Start.AddSeconds(9)));
        var decision = Assert.Single(decider.TakeDue(Start.AddSeconds(10)));

        Assert.Equal("bifrost_a_1", decision.Profile);
        Assert.Equal(10_000, decision.Denials);
        var access = Assert.IsType<FileObservation>(Assert.Single(decision.Denied));
        Assert.Equal("/etc/shadow", access.Path);
        Assert.Equal(Start, decision.FirstDeniedAt);
        Assert.Empty(decider.TakeDue(Start.AddSeconds(11)));
    }

    [Fact]
    public void TakeDue_DenialsDuringCooldown_WaitForTheCooldownAndMerge()
    {
        var decider = new RollbackDecider(Policy);
        decider.Offer(Denied("bifrost_a_1", "/a"), Start);
        Assert.Single(decider.TakeDue(Start.AddSeconds(10)));

        decider.Offer(Denied("bifrost_a_1", "/b"), Start.AddMinutes(1));
        decider.Offer(Denied("bifrost_a_1", "/c"), Start.AddMinutes(2));

        Assert.Empty(decider.TakeDue(Start.AddMinutes(3)));
        var second = Assert.Single(decider.TakeDue(Start.AddSeconds(10).AddMinutes(5)));
        Assert.Equal(["/b", "/c"], second.Denied.Cast<FileObservation>().Select(o => o.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TakeDue_ProfilesAreDecidedIndependently()
    {
        var decider = new RollbackDecider(Policy);
        decider.Offer(Denied("bifrost_a_1", "/a"), Start);
        decider.Offer(Denied("bifrost_b_1", "/a"), Start.AddSeconds(5));

        Assert.Equal("bifrost_a_1", Assert.Single(decider.TakeDue(Start.AddSeconds(10))).Profile);
        Assert.Equal("bifrost_b_1", Assert.Single(decider.TakeDue(Start.AddSeconds(15))).Profile);
    }

    [Fact]
    public void Offer_ManyDistinctAccesses_KeepsTheBoundAndCountsTheRest()
    {
        var decider = new RollbackDecider(Policy);
        for (var i = 0; i < 10; i++)
            decider.Offer(Denied("bifrost_a_1", $"/data/{i}"), Start);

        var decision = Assert.Single(decider.TakeDue(Start.AddSeconds(10)));
        Assert.Equal(3, decision.Denied.Count);
        Assert.Equal(7, decision.Omitted);
    }

    [Fact]
    public void Offer_AllowedRecords_AreNotDenials()
    {
        var decider = new RollbackDecider(Policy);
        decider.Offer(Denied("bifrost_a_1", "/a") with { Verdict = AuditVerdict.Allowed }, Start);

        Assert.Equal(0, decider.PendingProfiles);
    }
}
