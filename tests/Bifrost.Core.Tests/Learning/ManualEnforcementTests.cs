using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>A stable workload whose enforcement is manual waits in Stable until its current revision is approved.</summary>
public sealed class ManualEnforcementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly LearningPolicy Policy = new() { MinimumLearningPeriod = TimeSpan.FromHours(1), QuietPeriod = TimeSpan.FromMinutes(30), MinimumPods = 1 };
    private static readonly ProfileLifecycle Lifecycle = new(Policy, IncludeResolver.BuiltInOnly);
    private static readonly EnforcementChoice Manual = new(EnforcementMode.Manual, "label bifrost.io/enforcement on namespace shop");
    private static readonly EnforcementChoice Auto = new(EnforcementMode.Auto, "the default");

    private sealed class Loaded : INodeGate
    {
        public string? Missing(RenderedProfile profile) => null;
    }

    private static BifrostProfile Profile(BifrostProfileStatus? status = null, string? approved = null, ProfileModeSetting mode = ProfileModeSetting.Auto, params string[] paths) => new()
    {
        Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", CreationTimestamp = T0, Generation = 1 },
        Spec = new BifrostProfileSpec
        {
            Workload = new WorkloadReference("Deployment", "web"),
            Mode = mode,
            Enforcement = approved is null ? null : new EnforcementSpec { ApprovedRevision = approved },
        },
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
                    Observed = [.. (paths.Length > 0 ? paths : ["/srv/www/index.html"]).Select(p => new FileObservation { Container = "app", Path = p, Access = AccessMask.Read })],
                },
            ],
        },
    };

    /// <summary>The status once the policy held: Stable, with the enforce profiles published and a revision.</summary>
    private static BifrostProfileStatus Stable(params string[] paths) =>
        Lifecycle.Evaluate(Profile(paths: paths), new Loaded(), T0.AddHours(2), Manual).Status;

    private static ProfileCondition Enforcing(BifrostProfileStatus status) => Assert.Single(status.Conditions, c => c.Type == ProfileCondition.Enforcing);

    [Fact]
    public void Evaluate_ManualAndNotApproved_StaysStableAwaitingApprovalWithOneEvent()
    {
        var stable = Stable();
        var waiting = Lifecycle.Evaluate(Profile(stable), new Loaded(), T0.AddHours(2).AddMinutes(1), Manual);
        var still = Lifecycle.Evaluate(Profile(waiting.Status), new Loaded(), T0.AddHours(3), Manual);

        Assert.Equal(ProfilePhase.Stable, stable.Phase);
        Assert.Matches("^[0-9a-f]{12}$", stable.Revision);
        Assert.Equal(ProfilePhase.Stable, waiting.Status.Phase);
        Assert.Equal(("False", LifecycleConditions.AwaitingApproval), (Enforcing(waiting.Status).Status, Enforcing(waiting.Status).Reason));
        Assert.Contains("label bifrost.io/enforcement on namespace shop", waiting.Status.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl patch bifrostprofile deployment-web -n shop --type merge -p '{\"spec\":{\"enforcement\":{\"approvedRevision\":\"" + stable.Revision + "\"}}}'", waiting.Status.Message, StringComparison.Ordinal);
        Assert.Equal([LifecycleConditions.AwaitingApproval], waiting.Events.Select(e => e.Reason));
        Assert.False(Assert.Single(waiting.Events).Warning);
        Assert.Equal(ProfilePhase.Stable, still.Status.Phase);
        Assert.Empty(still.Events);
    }

    [Fact]
    public void Evaluate_ManualAndTheCurrentRevisionApproved_Enforces()
    {
        var stable = Stable();
        var waiting = Lifecycle.Evaluate(Profile(stable), new Loaded(), T0.AddHours(2).AddMinutes(1), Manual).Status;

        var approved = Lifecycle.Evaluate(Profile(waiting, approved: waiting.Revision), new Loaded(), T0.AddHours(5), Manual);

        Assert.Equal(ProfilePhase.Enforcing, approved.Status.Phase);
        Assert.Equal(waiting.Revision, approved.Status.Revision);
        Assert.Equal(["Enforcing"], approved.Events.Select(e => e.Reason));
    }

    [Fact]
    public void Evaluate_ApprovalOfAnEarlierRevision_DoesNotEnforceTheProfileThatGrewSince()
    {
        var before = Stable("/srv/www/index.html");
        var grown = Stable("/srv/www/index.html", "/etc/shadow");

        var step = Lifecycle.Evaluate(Profile(grown, approved: before.Revision), new Loaded(), T0.AddHours(3), Manual);

        Assert.NotEqual(before.Revision, grown.Revision);
        Assert.Equal(ProfilePhase.Stable, step.Status.Phase);
        Assert.Contains($"revision {before.Revision} was approved, but the profile changed since", step.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AutoOrSpecModeEnforce_DoesNotWaitForApproval()
    {
        var auto = Lifecycle.Evaluate(Profile(Stable()), new Loaded(), T0.AddHours(3), Auto);
        var forced = Lifecycle.Evaluate(Profile(Stable(), mode: ProfileModeSetting.Enforce), new Loaded(), T0.AddHours(3), Manual);

        Assert.Equal(ProfilePhase.Enforcing, auto.Status.Phase);
        Assert.Equal(ProfilePhase.Enforcing, forced.Status.Phase);
    }

    [Fact]
    public void Revision_WhileLearning_IsNotSet()
    {
        var learning = Lifecycle.Evaluate(Profile(), new Loaded(), T0.AddMinutes(30), Manual).Status;

        Assert.Null(learning.Revision);
    }

    [Fact]
    public void ApprovePatch_Stable_NamesTheCurrentRevisionForAMergePatch()
    {
        var stable = Stable();

        var patch = JsonDocument.Parse(EnforcementApproval.ApprovePatch(Profile(stable)));

        Assert.Equal(stable.Revision, patch.RootElement.GetProperty("spec").GetProperty("enforcement").GetProperty("approvedRevision").GetString());
        Assert.True(EnforcementApproval.IsApproved(Profile(stable, approved: stable.Revision)));
        Assert.False(EnforcementApproval.IsApproved(Profile(stable, approved: "0123456789ab")));
    }

    [Fact]
    public void ApprovePatch_NotStable_IsRefusedInPlainWords()
    {
        var learning = Lifecycle.Evaluate(Profile(), new Loaded(), T0.AddMinutes(30), Manual).Status;

        var refused = Assert.Throws<InvalidOperationException>(() => EnforcementApproval.ApprovePatch(Profile(learning)));

        Assert.Equal("BifrostProfile shop/deployment-web is Learning, not Stable: there is no stable revision to approve", refused.Message);
    }
}
