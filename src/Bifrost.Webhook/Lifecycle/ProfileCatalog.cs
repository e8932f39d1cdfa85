using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// What admission gives each container, from memory: the enforce profile once the workload enforces and the
/// container runs an image its rules were learned from; otherwise its own learning profile when that is loaded
/// everywhere, else the shared bootstrap profile, since a pod naming a profile its node lacks cannot start. A pod
/// with a new image so learns (with the tracer), and its reports start Relearning.
/// </summary>
internal sealed class ProfileCatalog(IProfileSnapshot profiles, ILoadedProfiles loaded) : IProfileCatalog
{
    public ProfileAssignment Find(WorkloadIdentity workload, string container, string? image)
    {
        var profile = profiles.Find(workload.Namespace, BifrostProfile.NameFor(workload));
        if (profile?.Status.Phase == ProfilePhase.Off)
            return ProfileAssignment.Off;
        var learned = profile?.Status.Containers.FirstOrDefault(c => c.Name == container);
        var rendered = learned?.Profiles ?? [];
        var knownImage = image is null || learned is null || learned.Images.Count == 0 || learned.Images.Contains(image, StringComparer.Ordinal);
        if (profile?.Status.Phase == ProfilePhase.Enforcing && knownImage && rendered.FirstOrDefault(p => p.Mode == ProfileMode.Enforce) is { } enforce)
            return ProfileAssignment.Enforce(enforce.Name);
        return rendered.FirstOrDefault(p => p.Mode == ProfileMode.Complain) is { } learning && loaded.IsLoaded(learning)
            ? ProfileAssignment.Learn
            : ProfileAssignment.LearnWith(ProfileNames.Bootstrap);
    }
}
