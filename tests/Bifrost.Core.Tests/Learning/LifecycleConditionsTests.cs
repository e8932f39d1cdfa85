using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>The standard conditions and observedGeneration that each lifecycle step writes, and how they change over a workload's life.</summary>
public sealed class LifecycleConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly LearningPolicy Policy = new() { MinimumLearningPeriod = TimeSpan.FromHours(1), QuietPeriod = TimeSpan.FromMinutes(30), MinimumPods = 1 };
    private static readonly ProfileLifecycle Lifecycle = new(Policy, IncludeResolver.BuiltInOnly);

    private sealed class Nodes(string? missing, string? failed = null) : INodeGate
    {
        public string? Missing(RenderedProfile profile) => missing;

        public string? Failed(RenderedProfile profile) => failed;
    }

    private static BifrostProfile Profile(long generation = 3, ProfileModeSetting mode = ProfileModeSetting.Auto, BifrostProfileStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", CreationTimestamp = T0, Generation = generation },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web"), Mode = mode },
        Status = status ?? new BifrostProfileStatus
        {
            LearningSince = T0,
            PhaseSince = T0,
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 2,
                    Pods = 1,
                    LastNewRuleAt = T0.AddMinutes(10),
                    Observed =
                    [
                        new FileObservation { Container = "app", Path = "/srv/www/index.html", Access = AccessMask.Read },
                        new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
                    ],
                },
            ],
        },
    };

    private static ProfileCondition Condition(BifrostProfileStatus status, string type) =>
        Assert.Single(status.Conditions, c => c.Type == type);

    private static (string Status, string Reason) Of(BifrostProfileStatus status, string type) =>
        (Condition(status, type).Status, Condition(status, type).Reason);

    [Fact]
    public void Evaluate_WhileLearning_SaysLearningWithWhatStabilityWaitsFor()
    {
        var status = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddMinutes(30)).Status;

        Assert.Equal(("True", StabilityVerdict.LearningPeriod), Of(status, ProfileCondition.Learning));
        Assert.Equal(("False", StabilityVerdict.LearningPeriod), Of(status, ProfileCondition.Stable));
        Assert.Equal(("False", StabilityVerdict.LearningPeriod), Of(status, ProfileCondition.Enforcing));
        Assert.Equal(("False", LifecycleConditions.AsExpected), Of(status, ProfileCondition.Degraded));
        Assert.Contains("(minimum learning period 1h)", Condition(status, ProfileCondition.Learning).Message, StringComparison.Ordinal);
        Assert.All(status.Conditions, c => Assert.Equal(T0.AddMinutes(30), c.LastTransitionTime));
    }

    [Fact]
    public void Evaluate_AnyStep_RecordsTheGenerationItSawOnTheStatusAndEveryCondition()
    {
        var status = Lifecycle.Evaluate(Profile(generation: 7), new Nodes(null), T0.AddMinutes(30)).Status;

        Assert.Equal(7, status.ObservedGeneration);
        Assert.Equal(4, status.Conditions.Count);
        Assert.All(status.Conditions, c => Assert.Equal(7, c.ObservedGeneration));
    }

    [Fact]
    public void Evaluate_SameStatusesLater_LeavesTheConditionsAsTheyWere()
    {
        var first = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddMinutes(20)).Status;
        var second = Lifecycle.Evaluate(Profile(status: first), new Nodes(null), T0.AddMinutes(40)).Status;

        // The clock alone changes nothing: no status write, no watch event for every node agent.
        Assert.Equal(Condition(first, ProfileCondition.Learning).Message, Condition(second, ProfileCondition.Learning).Message);
        Assert.Equal(first.Conditions.Select(c => (c.Type, c.Status, c.LastTransitionTime)), second.Conditions.Select(c => (c.Type, c.Status, c.LastTransitionTime)));
    }

    [Fact]
    public void Evaluate_LearningToStableToEnforcing_FlipsEachConditionAtItsOwnTime()
    {
        var learning = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Pending"), T0.AddMinutes(30)).Status;
        var stable = Lifecycle.Evaluate(Profile(status: learning), new Nodes("node-2: Pending"), T0.AddHours(2)).Status;
        var waiting = Lifecycle.Evaluate(Profile(status: stable), new Nodes("node-2: Pending"), T0.AddHours(2).AddMinutes(1)).Status;
        var enforcing = Lifecycle.Evaluate(Profile(status: waiting), new Nodes(null), T0.AddHours(2).AddMinutes(2)).Status;

        Assert.Equal(("False", LifecycleConditions.LearningEnded), Of(stable, ProfileCondition.Learning));
        Assert.Equal(("True", StabilityVerdict.PolicyMet), Of(stable, ProfileCondition.Stable));
        Assert.Equal(("False", LifecycleConditions.WaitingForNodes), Of(stable, ProfileCondition.Enforcing));
        Assert.Equal(("False", LifecycleConditions.WaitingForNodes), Of(waiting, ProfileCondition.Enforcing));
        Assert.Contains("node-2: Pending", Condition(waiting, ProfileCondition.Enforcing).Message, StringComparison.Ordinal);
        Assert.Equal(("True", LifecycleConditions.ProfilesLoaded), Of(enforcing, ProfileCondition.Enforcing));
        Assert.Equal(("True", StabilityVerdict.PolicyMet), Of(enforcing, ProfileCondition.Stable));
        Assert.Equal(("False", LifecycleConditions.AsExpected), Of(enforcing, ProfileCondition.Degraded));

        Assert.Equal(T0.AddHours(2), Condition(enforcing, ProfileCondition.Learning).LastTransitionTime);
        Assert.Equal(T0.AddHours(2), Condition(enforcing, ProfileCondition.Stable).LastTransitionTime);
        Assert.Equal(T0.AddHours(2).AddMinutes(2), Condition(enforcing, ProfileCondition.Enforcing).LastTransitionTime);
        Assert.Equal(T0.AddMinutes(30), Condition(enforcing, ProfileCondition.Degraded).LastTransitionTime);
    }

    [Fact]
    public void Evaluate_ModeEnforce_IsStableForThatReason()
    {
        var status = Lifecycle.Evaluate(Profile(mode: ProfileModeSetting.Enforce), new Nodes(null), T0.AddMinutes(1)).Status;

        Assert.Equal(("True", LifecycleConditions.ModeEnforce), Of(status, ProfileCondition.Stable));
    }

    [Theory]
    [InlineData(ProfileModeSetting.Off, LifecycleConditions.ModeOff, "False")]
    [InlineData(ProfileModeSetting.Learn, LifecycleConditions.ModeLearn, "True")]
    public void Evaluate_ModeForcedByASpecChange_SaysSoAtTheNewGeneration(ProfileModeSetting mode, string reason, string learning)
    {
        var enforcing = Enforcing();

        var status = Lifecycle.Evaluate(Profile(generation: 4, mode: mode, status: enforcing), new Nodes(null), T0.AddHours(4)).Status;

        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal((learning, reason), Of(status, ProfileCondition.Learning));
        Assert.Equal(("False", reason), Of(status, ProfileCondition.Enforcing));
        Assert.Equal(T0.AddHours(4), Condition(status, ProfileCondition.Enforcing).LastTransitionTime);
        Assert.Equal(4, Condition(status, ProfileCondition.Enforcing).ObservedGeneration);
    }

    [Fact]
    public void Evaluate_TracerUnavailable_IsDegradedWithTheTracersMessage()
    {
        var tracer = new ProfileCondition { Type = ProfileCondition.TracerUnavailable, Status = "True", Reason = "AttachFailed", Message = "the tracer of pod web-1 could not attach: no BTF", LastTransitionTime = T0 };
        var profile = Profile();

        var status = Lifecycle.Evaluate(profile with { Status = profile.Status with { Conditions = [tracer] } }, new Nodes(null), T0.AddMinutes(30)).Status;

        Assert.Equal(("True", ProfileCondition.TracerUnavailable), Of(status, ProfileCondition.Degraded));
        Assert.Contains("no BTF", Condition(status, ProfileCondition.Degraded).Message, StringComparison.Ordinal);
        Assert.Equal(tracer, Condition(status, ProfileCondition.TracerUnavailable));
    }

    [Fact]
    public void Evaluate_NodeFailedToLoadTheProfile_IsDegraded()
    {
        var status = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Error", failed: "1 of 2 nodes failed to load it (node-2: syntax error)"), T0.AddMinutes(30)).Status;

        Assert.Equal(("True", LifecycleConditions.ProfileLoadFailed), Of(status, ProfileCondition.Degraded));
        Assert.Contains("node-2: syntax error", Condition(status, ProfileCondition.Degraded).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DeniedUnderEnforce_RollsBackDegradedUntilStableAgain()
    {
        var denied = Enforcing() with { DeniedAt = T0.AddHours(3), LastDenial = "file /etc/shadow r" };

        var rolledBack = Lifecycle.Evaluate(Profile(status: denied), new Nodes(null), T0.AddHours(3).AddSeconds(5)).Status;

        Assert.Equal(ProfilePhase.RolledBack, rolledBack.Phase);
        Assert.Equal(("True", LifecycleConditions.DeniedUnderEnforce), Of(rolledBack, ProfileCondition.Learning));
        Assert.Equal(("False", LifecycleConditions.RolledBack), Of(rolledBack, ProfileCondition.Enforcing));
        Assert.Equal(("True", LifecycleConditions.RolledBack), Of(rolledBack, ProfileCondition.Degraded));
        Assert.Contains("/etc/shadow", Condition(rolledBack, ProfileCondition.Degraded).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ObservationTheEnforceProfileWouldDeny_IsDegradedAsEnforceBlocked()
    {
        var profile = Profile();
        var blocked = profile.Status with
        {
            // A relative path cannot be written into a rule, so the enforce profile cannot allow it.
            Containers = [profile.Status.Containers[0] with { Observed = [new FileObservation { Container = "app", Path = "relative/data", Access = AccessMask.Read }] }],
        };

        var status = Lifecycle.Evaluate(Profile(status: blocked), new Nodes(null), T0.AddHours(2)).Status;

        Assert.Equal(("True", LifecycleConditions.EnforceBlocked), Of(status, ProfileCondition.Degraded));
        Assert.Equal(("False", LifecycleConditions.EnforceBlocked), Of(status, ProfileCondition.Enforcing));
    }

    [Fact]
    public void Json_StoredObjectFromBeforeConditions_ReadsAndGetsThemOnItsNextStep()
    {
        const string Stored = """
            {"apiVersion":"bifrost.io/v1alpha1","kind":"BifrostProfile",
             "metadata":{"name":"deployment-web","namespace":"shop","resourceVersion":"9","generation":2},
             "spec":{"workload":{"kind":"Deployment","name":"web"}},
             "status":{"phase":"Enforcing","rules":2,"conditions":[{"type":"TracerUnavailable","status":"False","reason":"Attached","message":"attached","lastTransitionTime":"2026-12-07T08:00:00Z"}]}}
            """;

        var profile = JsonSerializer.Deserialize<BifrostProfile>(Stored, ProfileJson.Options)!;
        var status = Lifecycle.Evaluate(profile, new Nodes(null), T0.AddHours(5)).Status;

        Assert.Null(profile.Status.ObservedGeneration);
        Assert.Equal(2, profile.Metadata.Generation);
        Assert.Equal(2, status.ObservedGeneration);
        Assert.Equal(("True", LifecycleConditions.ProfilesLoaded), Of(status, ProfileCondition.Enforcing));
        Assert.Equal(("False", "Attached"), Of(status, ProfileCondition.TracerUnavailable));
    }

    [Fact]
    public void Json_Condition_WritesTheFieldsOfMetav1ConditionAndNothingElse()
    {
        var condition = new ProfileCondition { Type = "Stable", Status = "True", Reason = "PolicyMet", Message = "m", ObservedGeneration = 2, LastTransitionTime = T0 };

        var json = JsonSerializer.SerializeToElement(condition, ProfileJson.Options);

        Assert.Equal(["type", "status", "observedGeneration", "lastTransitionTime", "reason", "message"], json.EnumerateObject().Select(p => p.Name));
    }

    private static BifrostProfileStatus Enforcing()
    {
        var stable = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddHours(2)).Status;
        return Lifecycle.Evaluate(Profile(status: stable), new Nodes(null), T0.AddHours(2).AddMinutes(1)).Status;
    }
}
