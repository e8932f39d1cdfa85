using Bifrost.Core.Profiles;

namespace Bifrost.Core.Learning;

/// <summary>
/// The standard conditions of a BifrostProfile, derived from where the lifecycle left it: <c>Learning</c>,
/// <c>Stable</c> and <c>Enforcing</c> follow the phase (a workload that enforces is also stable), and
/// <c>Degraded</c> says whether anything needs a person. Every one carries the generation it was decided for.
/// </summary>
public static class LifecycleConditions
{
    public const string ModeOff = "ModeOff";
    public const string ModeLearn = "ModeLearn";
    public const string ModeEnforce = "ModeEnforce";
    public const string ImageChanged = "ImageChanged";
    public const string RelearnRequested = "RelearnRequested";
    public const string DeniedUnderEnforce = "DeniedUnderEnforce";
    public const string NewRules = "NewRules";
    public const string EnforceBlocked = "EnforceBlocked";
    public const string LearningEnded = "LearningEnded";
    public const string WaitingForNodes = "WaitingForNodes";
    public const string AwaitingApproval = "AwaitingApproval";
    public const string ProfilesLoaded = "ProfilesLoaded";
    public const string ProfileLoadFailed = "ProfileLoadFailed";
    public const string RolledBack = "RolledBack";
    public const string AsExpected = "AsExpected";

    /// <summary>
    /// The conditions after a lifecycle step; those of other types (<c>TracerUnavailable</c>) are kept, given the
    /// fields the CRD requires when an earlier version stored them without (<see cref="ProfileConditions.WithRequiredFields"/>).
    /// </summary>
    public static IReadOnlyList<ProfileCondition> Next(
        IReadOnlyList<ProfileCondition> conditions, LifecycleOutcome outcome, IReadOnlyList<LifecycleProblem> problems, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(problems);
        var (phase, reason, message) = (outcome.Phase, outcome.Reason, outcome.Message ?? "");
        var learning = phase is ProfilePhase.Learning or ProfilePhase.Relearning or ProfilePhase.RolledBack;
        var stable = phase is ProfilePhase.Stable or ProfilePhase.Enforcing;

        var next = ProfileConditions.WithRequiredFields(conditions, now);
        next = ProfileConditions.Set(next, learning
            ? Condition(ProfileCondition.Learning, true, reason, message, generation)
            : stable
                ? Condition(ProfileCondition.Learning, false, LearningEnded, "every container's profile is stable; learning ended", generation)
                : Condition(ProfileCondition.Learning, false, reason, message, generation), now);

        var stableReason = phase == ProfilePhase.Stable && reason is StabilityVerdict.PolicyMet or ModeEnforce
            ? reason
            : ProfileConditions.Find(conditions, ProfileCondition.Stable) is { IsTrue: true, Reason: var kept } ? kept : StabilityVerdict.PolicyMet;
        next = ProfileConditions.Set(next, stable
            ? Condition(ProfileCondition.Stable, true, stableReason, stableReason == ModeEnforce
                ? "spec.mode is Enforce: the profiles are taken as learned so far"
                : "every container's profile met the stability policy", generation)
            : Condition(ProfileCondition.Stable, false, reason, message, generation), now);

        next = ProfileConditions.Set(next, phase switch
        {
            ProfilePhase.Enforcing => Condition(ProfileCondition.Enforcing, true, ProfilesLoaded, "the enforce profiles are loaded on every node; new pods get them and no tracer", generation),
            ProfilePhase.Stable when reason is StabilityVerdict.PolicyMet or ModeEnforce =>
                Condition(ProfileCondition.Enforcing, false, WaitingForNodes, "waiting for every node to load the enforce profiles", generation),
            ProfilePhase.Stable => Condition(ProfileCondition.Enforcing, false, reason, message, generation),
            ProfilePhase.RolledBack => Condition(ProfileCondition.Enforcing, false, RolledBack, message, generation),
            // Not stable yet: the reason says what learning waits for (QuietPeriod, TooFewPods, ModeLearn, …).
            _ => Condition(ProfileCondition.Enforcing, false, reason, message, generation),
        }, now);

        next = ProfileConditions.Set(next, problems.Count > 0
            ? Condition(ProfileCondition.Degraded, true, problems[0].Reason, string.Join("; ", problems.Select(p => p.Message)), generation)
            : Condition(ProfileCondition.Degraded, false, AsExpected, "nothing needs attention", generation), now);
        return next;
    }

    private static ProfileCondition Condition(string type, bool status, string reason, string message, long? generation) => new()
    {
        Type = type,
        Status = status ? ProfileCondition.True : ProfileCondition.False,
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
    };
}
