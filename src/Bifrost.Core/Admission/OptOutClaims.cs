using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Admission;

/// <summary>
/// What in a pod of a protected namespace would keep it out of Bifrost's protection: the opt-out annotation, an
/// AppArmor profile Bifrost does not own, a mirror-pod annotation from a creator that is not a node, or Bifrost's own
/// marks (status annotation, tracer container) on a pod Bifrost never protected. Each needs an exemption.
/// </summary>
internal sealed record OptOutClaims(IReadOnlyList<string> Claims, bool ForgedMarks, IReadOnlySet<string> ForeignProfiles)
{
    public static OptOutClaims None { get; } = new([], false, new HashSet<string>());

    public bool Any => Claims.Count > 0;

    /// <summary>The claims of <paramref name="pod"/>; none unless its namespace is labelled <c>bifrost.io/protect=enabled</c> without the exemption label.</summary>
    public static OptOutClaims Of(PodView pod, AdmissionRequest request, NamespaceInfo? @namespace)
    {
        var labels = @namespace?.Labels;
        if (labels?.GetValueOrDefault(BifrostLabels.Protect) != BifrostLabels.ProtectNamespaceValue || labels.GetValueOrDefault(BifrostLabels.AllowOptOut) == "true")
            return None;

        var claims = new List<string>();
        if (pod.Annotation(BifrostLabels.Protect) == "false")
            claims.Add($"annotation {BifrostLabels.Protect}: \"false\"");
        if (pod.Annotation(BifrostLabels.MirrorPod) is not null && !request.User.IsNode)
            claims.Add($"annotation {BifrostLabels.MirrorPod} on a pod no node created");

        var foreign = new HashSet<string>(StringComparer.Ordinal);
        var allOwned = true;
        foreach (var container in pod.AppContainers())
        {
            var profile = UserProfile(pod, container);
            if (profile is null)
                allOwned = false;
            else if (!IsOwned(profile))
            {
                allOwned = false;
                foreign.Add(container.Name);
                claims.Add($"container {container.Name}'s AppArmor profile {profile}");
            }
        }

        var forged = !allOwned && (pod.Annotation(BifrostLabels.Status) is not null || pod.HasContainer(BifrostLabels.TracerContainerName));
        if (forged)
            claims.Add($"a {BifrostLabels.Status} annotation or {BifrostLabels.TracerContainerName} container that Bifrost did not add");
        return claims.Count == 0 ? None : new OptOutClaims(claims, forged, foreign);
    }

    /// <summary>The profile a user set on a container: its own field, the pod-level field, or the legacy annotation.</summary>
    public static string? UserProfile(PodView pod, PodView.ContainerRef container) =>
        pod.PodLevelAppArmorType ?? container.AppArmorType ?? pod.Annotation(BifrostLabels.LegacyAppArmorPrefix + container.Name);

    /// <summary>A localhost profile of Bifrost's naming, e.g. copied from a pod Bifrost protected.</summary>
    public static bool IsOwned(string profile) =>
        profile.StartsWith("localhost/", StringComparison.Ordinal) && ProfileNames.IsBifrost(profile["localhost/".Length..]);
}
