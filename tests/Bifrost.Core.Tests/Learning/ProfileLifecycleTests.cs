using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Core.Tests.AppArmor;

namespace Bifrost.Core.Tests.Learning;

public sealed class ProfileLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly LearningPolicy Policy = new() { MinimumLearningPeriod = TimeSpan.FromHours(1), QuietPeriod = TimeSpan.FromMinutes(30), MinimumPods = 1 };
    private static readonly ProfileLifecycle Lifecycle = new(Policy, IncludeResolver.BuiltInOnly);

    private sealed class Nodes(string? missing) : INodeGate
    {
        public string? Missing(RenderedProfile profile) => missing;
    }

    private static BifrostProfile Profile(ProfilePhase phase = ProfilePhase.Learning, ProfileModeSetting mode = ProfileModeSetting.Auto, TimeSpan? lastRule = null, params Observation[] observed) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", CreationTimestamp = T0 },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", "web"), Mode = mode },
        Status = new BifrostProfileStatus
        {
            Phase = phase,
            LearningSince = T0,
            PhaseSince = T0,
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 2,
                    Pods = 1,
                    LastNewRuleAt = T0 + (lastRule ?? TimeSpan.FromMinutes(10)),
                    Observed = observed.Length > 0 ? observed :
                    [
                        new FileObservation { Container = "app", Path = "/srv/www/index.html", Access = AccessMask.Read },
                        new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
                    ],
                },
            ],
        },
    };

    [Fact]
    public void Evaluate_BeforeThePolicyHolds_KeepsLearningAndRendersTheComplainProfile()
    {
        var step = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddMinutes(30));

        Assert.Equal(ProfilePhase.Learning, step.Status.Phase);
        Assert.Contains("learning until 2026-11-25T09:00:00Z (minimum learning period 1h)", step.Status.Message, StringComparison.Ordinal);
        var learning = Assert.Single(step.Status.Containers[0].Profiles);
        Assert.Equal(("bifrost_shop_deploy_web_app_learn", ProfileMode.Complain), (learning.Name, learning.Mode));
        Assert.Contains("complain", learning.Text, StringComparison.Ordinal);
        Assert.Empty(step.Events);
    }

    [Fact]
    public void Evaluate_PolicyHoldsButNodesLackTheProfile_IsStableWithAContentAddressedEnforceProfile()
    {
        var step = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Pending"), T0.AddHours(2));
        var waiting = Lifecycle.Evaluate(Profile() with { Status = step.Status }, new Nodes("node-2: Pending"), T0.AddHours(2).AddMinutes(1));

        Assert.Equal(ProfilePhase.Stable, step.Status.Phase);
        Assert.Equal(T0.AddHours(2), step.Status.PhaseSince);
        var enforce = Assert.Single(step.Status.Containers[0].Profiles, p => p.Mode == ProfileMode.Enforce);
        Assert.Matches("^bifrost_shop_deploy_web_app_[0-9a-f]{10}$", enforce.Name);
        Assert.DoesNotContain("complain", enforce.Text, StringComparison.Ordinal);
        Assert.Equal(["Stable"], step.Events.Select(e => e.Reason));
        Assert.Equal(ProfilePhase.Stable, waiting.Status.Phase);
        Assert.Contains("node-2: Pending", waiting.Status.Message, StringComparison.Ordinal);
        Assert.Empty(waiting.Events);
    }

    [Fact]
    public void Evaluate_StableAndLoadedEverywhere_Enforces()
    {
        var stable = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Pending"), T0.AddHours(2)).Status;

        var step = Lifecycle.Evaluate(Profile() with { Status = stable }, new Nodes(null), T0.AddHours(2).AddMinutes(1));

        Assert.Equal(ProfilePhase.Enforcing, step.Status.Phase);
        Assert.Equal(["Enforcing"], step.Events.Select(e => e.Reason));
        Assert.Equal(stable.Containers[0].Profiles, step.Status.Containers[0].Profiles);
    }

    [Fact]
    public void Evaluate_NewRuleAfterTheProfileWasFoundStable_LearnsOn()
    {
        var stable = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Pending"), T0.AddHours(2)).Status;
        var grown = stable with { Containers = [stable.Containers[0] with { LastNewRuleAt = T0.AddHours(2).AddMinutes(5) }] };

        var step = Lifecycle.Evaluate(Profile() with { Status = grown }, new Nodes(null), T0.AddHours(2).AddMinutes(6));

        Assert.Equal(ProfilePhase.Learning, step.Status.Phase);
        Assert.Equal(["LearningResumed"], step.Events.Select(e => e.Reason));
    }

    [Fact]
    public void Evaluate_ModeEnforce_SwitchesBeforeThePolicyHolds()
    {
        var stable = Lifecycle.Evaluate(Profile(mode: ProfileModeSetting.Enforce), new Nodes(null), T0.AddMinutes(1)).Status;
        var step = Lifecycle.Evaluate(Profile(mode: ProfileModeSetting.Enforce) with { Status = stable }, new Nodes(null), T0.AddMinutes(2));

        Assert.Equal(ProfilePhase.Stable, stable.Phase);
        Assert.Equal(ProfilePhase.Enforcing, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_StableDecidedWithNodesReady_StillWaitsOneRoundForThePublishedProfile()
    {
        var step = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddHours(2));

        Assert.Equal(ProfilePhase.Stable, step.Status.Phase);
        Assert.Equal(["Stable"], step.Events.Select(e => e.Reason));
    }

    [Theory]
    [InlineData(ProfileModeSetting.Off, ProfilePhase.Enforcing, ProfilePhase.Off)]
    [InlineData(ProfileModeSetting.Learn, ProfilePhase.Enforcing, ProfilePhase.Learning)]
    [InlineData(ProfileModeSetting.Auto, ProfilePhase.Off, ProfilePhase.Stable)]
    public void Evaluate_SpecMode_ForcesThePhase(ProfileModeSetting mode, ProfilePhase from, ProfilePhase to)
    {
        var step = Lifecycle.Evaluate(Profile(from, mode), new Nodes("node-1: Pending"), T0.AddHours(2));

        Assert.Equal(to, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_ObservationTheEnforceProfileWouldDeny_BlocksTheSwitchWithAWarning()
    {
        // A relative path cannot be written into a rule, so the enforce profile cannot allow it.
        var step = Lifecycle.Evaluate(
            Profile(observed: [new FileObservation { Container = "app", Path = "relative/data", Access = AccessMask.Read }]),
            new Nodes(null), T0.AddHours(2));

        Assert.Equal(ProfilePhase.Learning, step.Status.Phase);
        var blocked = Assert.Single(step.Events);
        Assert.Equal("EnforceBlocked", blocked.Reason);
        Assert.True(blocked.Warning);
        Assert.DoesNotContain(step.Status.Containers[0].Profiles, p => p.Mode == ProfileMode.Enforce);
    }

    [RequiresFact("apparmor_parser")]
    public void Evaluate_RenderedProfiles_CompileWithTheRealParser()
    {
        var step = Lifecycle.Evaluate(Profile(), new Nodes("node-2: Pending"), T0.AddHours(2));

        Assert.Equal(2, step.Status.Containers[0].Profiles.Count);
        foreach (var profile in step.Status.Containers[0].Profiles)
            ApparmorParser.AssertCompiles(profile.Text);
    }

    private static BifrostProfileStatus Enforcing()
    {
        var stable = Lifecycle.Evaluate(Profile(), new Nodes(null), T0.AddHours(2)).Status;
        return Lifecycle.Evaluate(Profile() with { Status = stable }, new Nodes(null), T0.AddHours(2).AddMinutes(1)).Status;
    }

    [Fact]
    public void Evaluate_EnforcingWithDenialsReported_RollsBackWithAWarningAndKeepsTheRules()
    {
        var enforcing = Enforcing();
        Assert.Equal(ProfilePhase.Enforcing, enforcing.Phase);
        var denied = enforcing with { DeniedAt = T0.AddHours(3), Denials = 4, LastDenial = "FileObservation { Path = /etc/shadow }" };

        var step = Lifecycle.Evaluate(Profile() with { Status = denied }, new Nodes(null), T0.AddHours(3).AddSeconds(5));

        Assert.Equal(ProfilePhase.RolledBack, step.Status.Phase);
        Assert.Contains("/etc/shadow", step.Status.Message, StringComparison.Ordinal);
        var rolledBack = Assert.Single(step.Events);
        Assert.Equal(("RolledBack", true), (rolledBack.Reason, rolledBack.Warning));
        Assert.Equal(T0, step.Status.LearningSince);
        Assert.Contains(step.Status.Containers[0].Profiles, p => p.Mode == ProfileMode.Enforce);
    }

    [Fact]
    public void Evaluate_RolledBack_LearnsOnToTheNextStablePoint()
    {
        var rolledBack = Lifecycle.Evaluate(
            Profile() with { Status = Enforcing() with { DeniedAt = T0.AddHours(3), LastDenial = "x" } }, new Nodes(null), T0.AddHours(3)).Status;
        var grown = rolledBack with { Containers = [rolledBack.Containers[0] with { LastNewRuleAt = T0.AddHours(3) }] };

        var quiet = Lifecycle.Evaluate(Profile() with { Status = grown }, new Nodes(null), T0.AddHours(3).AddMinutes(10));
        var stable = Lifecycle.Evaluate(Profile() with { Status = grown }, new Nodes(null), T0.AddHours(4));

        Assert.Equal(ProfilePhase.RolledBack, quiet.Status.Phase);
        Assert.Equal(ProfilePhase.Stable, stable.Status.Phase);
    }

    [Fact]
    public void Evaluate_DenialsFromBeforeEnforcing_DoNotRollBack()
    {
        var enforcing = Enforcing() with { DeniedAt = T0.AddHours(1) };

        var step = Lifecycle.Evaluate(Profile() with { Status = enforcing }, new Nodes(null), T0.AddHours(3));

        Assert.Equal(ProfilePhase.Enforcing, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_ModeEnforceWithDenials_StaysEnforcing()
    {
        var enforcing = Enforcing() with { DeniedAt = T0.AddHours(3) };

        var step = Lifecycle.Evaluate(Profile(mode: ProfileModeSetting.Enforce) with { Status = enforcing }, new Nodes(null), T0.AddHours(3));

        Assert.Equal(ProfilePhase.Enforcing, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_ImageChangedWhileEnforcing_RelearnsFromTheOldRulesWithANewLearningPeriod()
    {
        var changed = Enforcing() with { ImageChangedAt = T0.AddHours(3), ImageChange = "app: web:1.0 -> web:1.1" };

        var step = Lifecycle.Evaluate(Profile() with { Status = changed }, new Nodes(null), T0.AddHours(3).AddSeconds(2));
        var later = Lifecycle.Evaluate(Profile() with { Status = step.Status }, new Nodes(null), T0.AddHours(3).AddMinutes(30));

        Assert.Equal(ProfilePhase.Relearning, step.Status.Phase);
        Assert.Equal(T0.AddHours(3).AddSeconds(2), step.Status.LearningSince);
        Assert.Contains("web:1.0 -> web:1.1", step.Status.Message, StringComparison.Ordinal);
        Assert.Equal(["Relearning"], step.Events.Select(e => e.Reason));
        Assert.Equal(changed.Containers[0].Observed, step.Status.Containers[0].Observed);
        Assert.Equal(ProfilePhase.Relearning, later.Status.Phase);
        Assert.Empty(later.Events);
    }

    [Fact]
    public void Evaluate_RelearningPastTheNewLearningPeriod_IsStableAgain()
    {
        var changed = Enforcing() with { ImageChangedAt = T0.AddHours(3) };
        var relearning = Lifecycle.Evaluate(Profile() with { Status = changed }, new Nodes(null), T0.AddHours(3)).Status;

        var step = Lifecycle.Evaluate(Profile() with { Status = relearning }, new Nodes(null), T0.AddHours(4).AddMinutes(1));

        Assert.Equal(ProfilePhase.Stable, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_ModeOffWithAnImageChange_StaysOff()
    {
        var changed = Enforcing() with { ImageChangedAt = T0.AddHours(3) };

        var step = Lifecycle.Evaluate(Profile(mode: ProfileModeSetting.Off) with { Status = changed }, new Nodes(null), T0.AddHours(3));

        Assert.Equal(ProfilePhase.Off, step.Status.Phase);
    }

    [Fact]
    public void Evaluate_RelearnRequestedWhileEnforcing_RelearnsOnceFromTheOldRulesWithANewLearningPeriod()
    {
        var requested = Profile() with { Status = Enforcing() };
        requested = requested with { Spec = requested.Spec with { RelearnRequestedAt = "2026-11-25T11:00:00Z" } };

        var step = Lifecycle.Evaluate(requested, new Nodes(null), T0.AddHours(3));
        var later = Lifecycle.Evaluate(requested with { Status = step.Status }, new Nodes(null), T0.AddHours(3).AddMinutes(30));
        var again = Lifecycle.Evaluate(requested with { Status = later.Status }, new Nodes(null), T0.AddHours(4).AddMinutes(1));

        Assert.Equal(ProfilePhase.Relearning, step.Status.Phase);
        Assert.Equal(T0.AddHours(3), step.Status.LearningSince);
        Assert.Equal("2026-11-25T11:00:00Z", step.Status.RelearnHandled);
        Assert.Equal(["Relearning"], step.Events.Select(e => e.Reason));
        Assert.Equal(LifecycleConditions.RelearnRequested, Assert.Single(step.Status.Conditions, c => c.Type == ProfileCondition.Learning).Reason);
        Assert.Equal(requested.Status.Containers[0].Observed, step.Status.Containers[0].Observed);
        Assert.Equal(ProfilePhase.Relearning, later.Status.Phase);
        Assert.Empty(later.Events);
        Assert.Equal(ProfilePhase.Stable, again.Status.Phase);
    }

    [Fact]
    public void Evaluate_RelearnAlreadyHandled_ChangesNothing()
    {
        var enforcing = Enforcing() with { RelearnHandled = "r1" };
        var profile = Profile() with { Status = enforcing };
        profile = profile with { Spec = profile.Spec with { RelearnRequestedAt = "r1" } };

        var step = Lifecycle.Evaluate(profile, new Nodes(null), T0.AddHours(3));

        Assert.Equal(ProfilePhase.Enforcing, step.Status.Phase);
        Assert.Empty(step.Events);
    }
}
