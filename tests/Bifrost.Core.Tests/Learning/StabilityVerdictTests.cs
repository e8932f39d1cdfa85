using Bifrost.Core.Learning;

namespace Bifrost.Core.Tests.Learning;

public sealed class StabilityVerdictTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly LearningPolicy Policy = new() { MinimumLearningPeriod = TimeSpan.FromHours(1), QuietPeriod = TimeSpan.FromMinutes(30), MinimumPods = 2 };

    private static LearningProgress Progress(TimeSpan lastRuleAfterStart, int pods = 2, int rules = 10) =>
        new() { LearningSince = Start, LastNewRuleAt = Start + lastRuleAfterStart, Pods = pods, Rules = rules };

    [Fact]
    public void Evaluate_BeforeMinimumPeriod_IsNotStableAndSaysWhen()
    {
        var verdict = StabilityVerdict.Evaluate(Progress(TimeSpan.FromMinutes(5)), Policy, Start.AddMinutes(50));

        Assert.False(verdict.Stable);
        Assert.Equal(Start.AddHours(1), verdict.EarliestAt);
        Assert.Contains("learning until 2026-11-25T09:00:00Z (minimum learning period 1h)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NewRuleInsideQuietPeriod_IsNotStable()
    {
        var verdict = StabilityVerdict.Evaluate(Progress(TimeSpan.FromMinutes(50)), Policy, Start.AddMinutes(70));

        Assert.False(verdict.Stable);
        Assert.Equal(Start.AddMinutes(80), verdict.EarliestAt);
    }

    [Fact]
    public void Evaluate_AllConditionsHold_IsStable()
    {
        var verdict = StabilityVerdict.Evaluate(Progress(TimeSpan.FromMinutes(50)), Policy, Start.AddMinutes(80));

        Assert.True(verdict.Stable, verdict.Reason);
    }

    [Fact]
    public void Evaluate_TooFewPods_IsNotStableHoweverLongItWaits()
    {
        var verdict = StabilityVerdict.Evaluate(Progress(TimeSpan.FromMinutes(1), pods: 1), Policy, Start.AddDays(7));

        Assert.False(verdict.Stable);
        Assert.Equal("observations from 1 of 2 pods", verdict.Reason);
    }

    [Fact]
    public void Evaluate_NothingObserved_IsNotStable()
    {
        var progress = new LearningProgress { LearningSince = Start, Pods = 3, Rules = 0 };

        Assert.False(StabilityVerdict.Evaluate(progress, Policy, Start.AddDays(1)).Stable);
    }
}
