using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Cli.Cluster;

/// <summary>What the cluster commands read from a BifrostProfile: its workload as typed, the profiles pods get now, the counts.</summary>
internal static class ProfileView
{
    /// <summary><c>deployment/web</c>.</summary>
    public static string Workload(BifrostProfile profile) => $"{profile.Spec.Workload.Kind.ToLowerInvariant()}/{profile.Spec.Workload.Name}";

    /// <summary>Whether new pods get the enforce profiles (or will once nodes have them): Stable or Enforcing.</summary>
    public static bool Enforces(BifrostProfile profile) => profile.Status.Phase is ProfilePhase.Stable or ProfilePhase.Enforcing;

    /// <summary>The newest profile of <paramref name="mode"/> for a container, null when there is none yet.</summary>
    public static RenderedProfile? Current(ContainerProfileStatus container, ProfileMode mode) =>
        container.Profiles.LastOrDefault(p => p.Mode == mode);

    /// <summary>The profiles new pods get: the enforce ones once Stable or Enforcing, else the learning ones.</summary>
    public static IReadOnlyList<RenderedProfile> InUse(BifrostProfile profile)
    {
        var mode = Enforces(profile) ? ProfileMode.Enforce : ProfileMode.Complain;
        return [.. profile.Status.Containers.Select(c => Current(c, mode)).OfType<RenderedProfile>()];
    }

    /// <summary>Pods seen: the most any container counted (every container of a pod reports).</summary>
    public static int Pods(BifrostProfile profile) => profile.Status.Containers.Count == 0 ? 0 : profile.Status.Containers.Max(c => c.Pods);

    /// <summary>
    /// How long learning took, from its start to the Stable condition turning True, once it has; otherwise what stability
    /// waits for (the Learning condition's reason, such as QuietPeriod or TooFewPods).
    /// </summary>
    public static string TimeToStable(BifrostProfile profile)
    {
        var status = profile.Status;
        if (status.Phase == ProfilePhase.Off)
            return "off";
        if (ProfileConditions.Find(status.Conditions, ProfileCondition.Stable) is { IsTrue: true, LastTransitionTime: { } stableAt }
            && (status.LearningSince ?? profile.Metadata.CreationTimestamp) is { } since)
            return Durations.Short(stableAt - since);
        return ProfileConditions.Find(status.Conditions, ProfileCondition.Learning) is { IsTrue: true, Reason: var reason } ? $"waiting: {reason}" : "-";
    }

    /// <summary><c>loaded/nodes</c>: the nodes whose agent reports every profile new pods get as Loaded (name and hash).</summary>
    public static string NodesLoaded(BifrostProfile profile, IReadOnlyList<BifrostNode> nodes)
    {
        var wanted = InUse(profile);
        if (wanted.Count == 0 || nodes.Count == 0)
            return "-";
        var loaded = nodes.Count(n => wanted.All(w => n.Status.Profiles.Any(p => p.Name == w.Name && p.Hash == w.Hash && p.State == NodeProfileState.Loaded)));
        return $"{loaded}/{nodes.Count}";
    }

    /// <summary>What needs a person, in a word or two: a pending approval, nodes still loading, a Degraded reason.</summary>
    public static string Note(BifrostProfile profile)
    {
        var status = profile.Status;
        if (ProfileConditions.Find(status.Conditions, ProfileCondition.Degraded) is { IsTrue: true, Reason: var degraded })
            return $"degraded: {degraded}";
        if (status.Phase == ProfilePhase.Stable && ProfileConditions.Find(status.Conditions, ProfileCondition.Enforcing) is { Reason: var waiting })
            return waiting == LifecycleConditions.AwaitingApproval ? $"approve {status.Revision}" : waiting;
        return "";
    }
}
