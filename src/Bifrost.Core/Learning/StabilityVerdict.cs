namespace Bifrost.Core.Learning;

/// <summary>
/// Whether a container's profile is stable, why not if not (in words, and as a CamelCase <see cref="Cause"/> for a
/// condition's reason), and the earliest time it could become so.
/// </summary>
public sealed record StabilityVerdict(bool Stable, string Reason, DateTimeOffset? EarliestAt)
{
    public const string NothingObserved = "NothingObserved";
    public const string TooFewPods = "TooFewPods";
    public const string LearningPeriod = "LearningPeriod";
    public const string QuietPeriod = "QuietPeriod";
    public const string PolicyMet = "PolicyMet";

    /// <summary>What decided the verdict: one of the constants of this type.</summary>
    public string Cause { get; init; } = PolicyMet;

    public static StabilityVerdict Evaluate(LearningProgress progress, LearningPolicy policy, DateTimeOffset now)
    {
        if (progress.LastNewRuleAt is not { } lastNewRule || progress.Rules == 0)
            return new(false, "nothing observed yet", null) { Cause = NothingObserved };
        if (progress.Pods < policy.MinimumPods)
            return new(false, $"observations from {progress.Pods} of {policy.MinimumPods} pods", null) { Cause = TooFewPods };

        var learnedUntil = progress.LearningSince + policy.MinimumLearningPeriod;
        var quietUntil = lastNewRule + policy.QuietPeriod;
        var earliest = learnedUntil > quietUntil ? learnedUntil : quietUntil;
        if (now < learnedUntil)
            return new(false, $"learning until {Time(learnedUntil)} (minimum learning period {GoDuration.Format(policy.MinimumLearningPeriod)})", earliest) { Cause = LearningPeriod };
        if (now < quietUntil)
            return new(false, $"last new rule at {Time(lastNewRule)}, quiet period {GoDuration.Format(policy.QuietPeriod)} (until {Time(quietUntil)})", earliest) { Cause = QuietPeriod };
        return new(true, $"{progress.Rules} rules, quiet since {Time(lastNewRule)}, {progress.Pods} pods", earliest);
    }

    // Times, not ages: a message that changed with the clock would rewrite every learning workload's status (and
    // wake every node agent's watch) on each evaluation round.
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
