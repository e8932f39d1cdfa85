using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Learning;

/// <summary>
/// Approval of a stable profile for a workload whose enforcement is manual. What is approved is a revision: a short
/// hash over every container's content-addressed enforce profile, so an approval covers exactly the rules a person
/// looked at; a profile that grows after it gets a new revision, which waits for its own approval.
/// </summary>
public static class EnforcementApproval
{
    /// <summary>The revision of the enforce profiles in <paramref name="containers"/>; null when there are none.</summary>
    public static string? Revision(IReadOnlyList<ContainerProfileStatus> containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var enforce = containers
            .SelectMany(c => c.Profiles.Where(p => p.Mode == ProfileMode.Enforce).Select(p => $"{c.Name}\n{p.Name}\n{p.Hash}\n"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return enforce.Count == 0 ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(enforce))))[..12];
    }

    /// <summary>Whether the workload's current revision is the approved one.</summary>
    public static bool IsApproved(BifrostProfile profile) =>
        profile.Status.Revision is { } revision && profile.Spec.Enforcement?.ApprovedRevision == revision;

    /// <summary>
    /// The JSON merge patch that approves the profile's current revision, for <c>kubectl patch --type merge</c> or an
    /// API client. Refused, with the reason in words, unless the workload is Stable with a revision to approve.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing to approve now.</exception>
    public static string ApprovePatch(BifrostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var name = $"BifrostProfile {profile.Metadata.Namespace}/{profile.Metadata.Name}";
        if (profile.Status.Phase != ProfilePhase.Stable || profile.Status.Revision is not { } revision)
            throw new InvalidOperationException($"{name} is {profile.Status.Phase}, not Stable: there is no stable revision to approve");
        return Patch(revision);
    }

    /// <summary>The command that approves <paramref name="revision"/>, as the status message and Event show it.</summary>
    public static string KubectlCommand(BifrostProfile profile, string revision) =>
        $"kubectl patch bifrostprofile {profile.Metadata.Name} -n {profile.Metadata.Namespace} --type merge -p '{Patch(revision)}'";

    private static string Patch(string revision) => JsonSerializer.Serialize(new { spec = new { enforcement = new { approvedRevision = revision } } });
}
