using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// What admission gives each container, from memory: the enforce profile once the workload enforces; otherwise its
/// own learning profile when that is loaded everywhere, else the shared bootstrap profile, since a pod naming a
/// profile its node lacks cannot start.
/// </summary>
internal sealed class ProfileCatalog(IProfileSnapshot profiles, ILoadedProfiles loaded) : IProfileCatalog
{
    public ProfileAssignment Find(WorkloadIdentity workload, string container)
    {
        var profile = profiles.Find(workload.Namespace, BifrostProfile.NameFor(workload));
        if (profile?.Status.Phase == ProfilePhase.Off)
            return ProfileAssignment.Off;
        var rendered = profile?.Status.Containers.FirstOrDefault(c => c.Name == container)?.Profiles ?? [];
        if (profile?.Status.Phase == ProfilePhase.Enforcing && rendered.FirstOrDefault(p => p.Mode == RenderedMode.Enforce) is { } enforce)
            return ProfileAssignment.Enforce(enforce.Name);
        return rendered.FirstOrDefault(p => p.Mode == RenderedMode.Complain) is { } learning && loaded.IsLoaded(learning)
            ? ProfileAssignment.Learn
            : ProfileAssignment.LearnWith(ProfileNames.Bootstrap);
    }
}
