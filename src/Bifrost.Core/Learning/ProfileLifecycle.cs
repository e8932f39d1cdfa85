using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Learning;

/// <summary>
/// One step of a workload's life, decided from its BifrostProfile: the learning profile of each container is
/// rendered as it grows; once every container is stable, everything observed is replayed against the enforce
/// profile with AppArmor's matching rules (anything it would deny blocks the switch); the content-addressed
/// enforce profile is published for the node agents; and only when the node gate reports it loaded everywhere does
/// the phase become Enforcing. An image the rules were not learned from starts Relearning from the rules so far;
/// denials reported under enforce roll the workload back to complain. Under manual enforcement a Stable workload
/// waits for its revision to be approved. <c>spec.mode</c> forces a phase. Pure: the caller persists the status and
/// emits the events.
/// </summary>
public sealed class ProfileLifecycle(LearningPolicy settings, IncludeResolver includes, ProfileRenderer? renderer = null)
{
    private readonly ProfileRenderer profiles = renderer ?? new ProfileRenderer();

    /// <summary>
    /// The next step. <paramref name="enforcement"/> says whether a stable workload enforces by itself or waits for its
    /// revision to be approved; null is automatic. It is read only while the workload is Stable.
    /// </summary>
    public LifecycleStep Evaluate(BifrostProfile profile, INodeGate nodes, DateTimeOffset now, EnforcementChoice? enforcement = null)
    {
        var status = profile.Status;
        var workload = new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
        var containers = status.Containers.Select(c => c with { Profiles = WithLearning(workload, c) }).ToList();
        var events = new List<LifecycleEvent>();
        var mode = profile.Spec.Mode;

        var phase = status.Phase;
        string? message = status.Message;
        string? reason = null;
        var learningSince = status.LearningSince;
        if (mode != ProfileModeSetting.Off && Turn(status, profile.Spec, now, events) is { } turn)
        {
            // Acted on from the next round, so that the new phase is written (and evented) before anything else happens.
            (phase, reason, message, learningSince) = turn;
        }
        else if (mode == ProfileModeSetting.Off)
        {
            (phase, reason, message) = (ProfilePhase.Off, LifecycleConditions.ModeOff, "spec.mode is Off");
        }
        else if (mode == ProfileModeSetting.Learn)
        {
            (phase, reason, message) = (phase is ProfilePhase.Relearning or ProfilePhase.RolledBack ? phase : ProfilePhase.Learning, LifecycleConditions.ModeLearn, "spec.mode is Learn");
        }
        else if (phase is ProfilePhase.Learning or ProfilePhase.Relearning or ProfilePhase.RolledBack or ProfilePhase.Off)
        {
            (phase, reason, message) = Learn(profile, workload, containers, mode == ProfileModeSetting.Enforce, now, events);
        }

        if (phase == ProfilePhase.Stable && status.Phase == ProfilePhase.Stable && mode != ProfileModeSetting.Enforce
            && status.PhaseSince is { } stableSince && containers.Any(c => c.LastNewRuleAt > stableSince))
        {
            // Rules learned after the switch was decided: the enforce profile would miss them.
            (phase, reason, message) = (ProfilePhase.Learning, LifecycleConditions.NewRules, "new rules arrived after the profile was found stable; learning on");
            events.Add(new LifecycleEvent("LearningResumed", message));
        }
        else if (phase == ProfilePhase.Stable && status.Phase == ProfilePhase.Stable)
        {
            // Gated from the round after the switch was decided: nodes load what a written status publishes.
            var revision = EnforcementApproval.Revision(containers);
            (phase, reason, message) = mode != ProfileModeSetting.Enforce && enforcement is { Mode: EnforcementMode.Manual } manual
                && (revision is null || profile.Spec.Enforcement?.ApprovedRevision != revision)
                ? AwaitApproval(profile, revision, manual, events)
                : Gate(containers, nodes, events);
        }

        var outcome = new LifecycleOutcome(phase, reason ?? LifecycleConditions.ProfilesLoaded, message);
        var next = status with
        {
            ObservedGeneration = profile.Metadata.Generation,
            // An Off workload takes the request when it is turned back on.
            RelearnHandled = mode == ProfileModeSetting.Off ? status.RelearnHandled : profile.Spec.RelearnRequestedAt,
            Phase = phase,
            PhaseSince = phase == status.Phase ? status.PhaseSince : now,
            Revision = phase is ProfilePhase.Stable or ProfilePhase.Enforcing ? EnforcementApproval.Revision(containers) : null,
            LearningSince = learningSince,
            Message = message,
            Containers = containers,
            Conditions = LifecycleConditions.Next(status.Conditions, outcome, Problems(status, outcome, containers, nodes), profile.Metadata.Generation, now),
        };
        return new LifecycleStep(next, events);
    }

    /// <summary>
    /// A person's request to learn again or an image change (Relearning, the learning period starts again), or denials
    /// under enforce (RolledBack).
    /// </summary>
    private static (ProfilePhase, string, string?, DateTimeOffset?)? Turn(BifrostProfileStatus status, BifrostProfileSpec spec, DateTimeOffset now, List<LifecycleEvent> events)
    {
        var mode = spec.Mode;
        if (spec.RelearnRequestedAt is { Length: > 0 } requested && requested != status.RelearnHandled)
        {
            var relearning = $"relearn requested ({requested}); learning again, starting from the rules learned so far";
            events.Add(new LifecycleEvent("Relearning", relearning));
            return (ProfilePhase.Relearning, LifecycleConditions.RelearnRequested, relearning, now);
        }

        if (status.ImageChangedAt is { } changed && (status.LearningSince is not { } since || changed > since))
        {
            var relearning = $"image changed ({status.ImageChange}); learning again, starting from the rules learned so far";
            events.Add(new LifecycleEvent("Relearning", relearning));
            return (ProfilePhase.Relearning, LifecycleConditions.ImageChanged, relearning, now);
        }

        if (status.Phase == ProfilePhase.Enforcing && mode != ProfileModeSetting.Enforce && status.DeniedAt > status.PhaseSince)
        {
            var rolledBack = $"node agents reported accesses the enforce profile denied (latest: {status.LastDenial}); they are merged in, "
                + "new pods get the complain profile and learning goes on";
            events.Add(new LifecycleEvent("RolledBack", rolledBack, Warning: true));
            return (ProfilePhase.RolledBack, LifecycleConditions.DeniedUnderEnforce, rolledBack, status.LearningSince);
        }

        return null;
    }

    private (ProfilePhase, string, string?) Learn(BifrostProfile profile, WorkloadIdentity workload, List<ContainerProfileStatus> containers, bool forced, DateTimeOffset now, List<LifecycleEvent> events)
    {
        if (containers.Count == 0)
            return (profile.Status.Phase == ProfilePhase.Off ? ProfilePhase.Learning : profile.Status.Phase, StabilityVerdict.NothingObserved, "nothing observed yet");

        var problems = new List<string>();
        var policy = Policy(profile, problems);
        var since = profile.Status.LearningSince ?? profile.Metadata.CreationTimestamp ?? now;
        foreach (var container in containers)
        {
            var verdict = StabilityVerdict.Evaluate(new LearningProgress { LearningSince = since, LastNewRuleAt = container.LastNewRuleAt, Pods = container.Pods, Rules = container.Rules }, policy, now);
            if (!forced && !verdict.Stable)
                return (profile.Status.Phase == ProfilePhase.Off ? ProfilePhase.Learning : profile.Status.Phase, verdict.Cause, $"{container.Name}: {verdict.Reason}{Problems(problems)}");
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var enforce = Render(ProfileNames.Enforce(workload, container.Name, Text(container, "enforce", ProfileMode.Enforce)), container, ProfileMode.Enforce);
            var denials = Replay(enforce, container);
            if (denials.Count > 0)
            {
                var blocked = $"{container.Name}: {denials.Count} observed accesses would be denied by the enforce profile, e.g. {denials[0]}";
                events.Add(new LifecycleEvent("EnforceBlocked", blocked, Warning: true));
                return (profile.Status.Phase, LifecycleConditions.EnforceBlocked, blocked);
            }

            // The new version replaces older ones in what nodes must load; agents remove an old one once no task uses it.
            containers[i] = container with { Profiles = [.. container.Profiles.Where(p => p.Mode == ProfileMode.Complain), enforce] };
        }

        var stable = forced ? "spec.mode is Enforce" : "every container's profile is stable";
        events.Add(new LifecycleEvent("Stable", $"{stable}; waiting for every node to load the enforce profiles"));
        return (ProfilePhase.Stable, forced ? LifecycleConditions.ModeEnforce : StabilityVerdict.PolicyMet, stable);
    }

    /// <summary>
    /// Manual enforcement: the workload stays Stable until <c>spec.enforcement.approvedRevision</c> names the current
    /// revision. One Event when the wait begins; an approval of an older revision does not carry over.
    /// </summary>
    private static (ProfilePhase, string, string?) AwaitApproval(BifrostProfile profile, string? revision, EnforcementChoice manual, List<LifecycleEvent> events)
    {
        var approved = profile.Spec.Enforcement?.ApprovedRevision;
        var stale = approved is { Length: > 0 } && approved != revision ? $"revision {approved} was approved, but the profile changed since; " : "";
        var message = $"enforcement is manual ({manual.Source}): {stale}approve revision {revision} to enforce it: {EnforcementApproval.KubectlCommand(profile, revision ?? "")}";
        if (ProfileConditions.Find(profile.Status.Conditions, ProfileCondition.Enforcing)?.Reason != LifecycleConditions.AwaitingApproval)
            events.Add(new LifecycleEvent(LifecycleConditions.AwaitingApproval, message));
        return (ProfilePhase.Stable, LifecycleConditions.AwaitingApproval, message);
    }

    private static (ProfilePhase, string, string?) Gate(List<ContainerProfileStatus> containers, INodeGate nodes, List<LifecycleEvent> events)
    {
        foreach (var enforce in containers.SelectMany(c => c.Profiles).Where(p => p.Mode == ProfileMode.Enforce))
        {
            if (nodes.Missing(enforce) is { } missing)
                return (ProfilePhase.Stable, LifecycleConditions.WaitingForNodes, $"waiting for {enforce.Name}: {missing}");
        }

        events.Add(new LifecycleEvent("Enforcing", "the enforce profiles are loaded on every node; new pods get them and no tracer"));
        return (ProfilePhase.Enforcing, LifecycleConditions.ProfilesLoaded, "new pods get the enforce profiles");
    }

    /// <summary>What makes the workload <c>Degraded</c>: a tracer that cannot attach, a rollback, a blocked switch, a node that failed to load.</summary>
    private static List<LifecycleProblem> Problems(BifrostProfileStatus status, LifecycleOutcome outcome, List<ContainerProfileStatus> containers, INodeGate nodes)
    {
        var problems = new List<LifecycleProblem>();
        if (outcome.Reason == LifecycleConditions.EnforceBlocked)
            problems.Add(new LifecycleProblem(LifecycleConditions.EnforceBlocked, outcome.Message ?? "the enforce profile would deny observed accesses"));
        if (outcome.Phase == ProfilePhase.RolledBack)
            problems.Add(new LifecycleProblem(LifecycleConditions.RolledBack, $"rolled back to complain after the enforce profile denied accesses (latest: {status.LastDenial})"));
        foreach (var profile in containers.SelectMany(c => c.Profiles))
        {
            if (nodes.Failed(profile) is { } failed)
                problems.Add(new LifecycleProblem(LifecycleConditions.ProfileLoadFailed, $"{profile.Name}: {failed}"));
        }

        if (ProfileConditions.Find(status.Conditions, ProfileCondition.TracerUnavailable) is { IsTrue: true } tracer)
            problems.Add(new LifecycleProblem(ProfileCondition.TracerUnavailable, tracer.Message ?? "a tracer could not attach"));
        return problems;
    }

    private List<ProfileDenial> Replay(RenderedProfile enforce, ContainerProfileStatus container)
    {
        var parsed = new ProfileParser(includes).Parse(enforce.Text);
        return [.. ProfileChecker.Check(CompiledProfile.Compile(parsed), container.Observed)];
    }

    private IReadOnlyList<RenderedProfile> WithLearning(WorkloadIdentity workload, ContainerProfileStatus container)
    {
        var learning = Render(ProfileNames.Learning(workload, container.Name), container, ProfileMode.Complain);
        return [learning, .. container.Profiles.Where(p => p.Mode == ProfileMode.Enforce)];
    }

    private RenderedProfile Render(string name, ContainerProfileStatus container, ProfileMode mode) =>
        RenderedProfile.Create(name, mode, profiles.Render(container.Observed, name, mode).Text);

    /// <summary>The enforce text under a fixed name: what the content-addressed name is derived from.</summary>
    private string Text(ContainerProfileStatus container, string name, ProfileMode mode) =>
        profiles.Render(container.Observed, name, mode).Text;

    private LearningPolicy Policy(BifrostProfile profile, List<string> problems)
    {
        var policy = settings.WithOverrides(profile.Metadata.Annotations, problems);
        var spec = profile.Spec;
        if (spec.MinLearningPeriod is { } minimum && GoDuration.TryParse(minimum, out var m))
            policy = policy with { MinimumLearningPeriod = m };
        if (spec.QuietPeriod is { } quiet && GoDuration.TryParse(quiet, out var q))
            policy = policy with { QuietPeriod = q };
        if (spec.MinPods is { } pods and >= 1)
            policy = policy with { MinimumPods = pods };
        return policy;
    }

    private static string Problems(List<string> problems) => problems.Count == 0 ? "" : $" (ignored: {string.Join("; ", problems)})";
}

/// <summary>The next status and what happened on the way.</summary>
public sealed record LifecycleStep(BifrostProfileStatus Status, IReadOnlyList<LifecycleEvent> Events);
