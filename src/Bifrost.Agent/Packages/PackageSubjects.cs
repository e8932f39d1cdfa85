using Bifrost.Agent.Cluster;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Packages;

/// <summary>A running container on this node whose workload has learned something for it, with its image by digest.</summary>
internal sealed record PackageSubject(WorkloadIdentity Workload, BifrostProfileStatus Status, ContainerProfileStatus Container, string RuntimeId, string Image)
{
    public (WorkloadIdentity, string, string) Key => (Workload, Container.Name, Image);
}

/// <summary>
/// What the package scan needs from the two watches: every BifrostProfile (its containers' observations) and this
/// node's pods (which container runs where, from which image). Thread-safe; fed by the agent's watch loops.
/// </summary>
internal sealed class PackageSubjects
{
    private readonly Lock gate = new();
    private Dictionary<WorkloadIdentity, BifrostProfile> profiles = [];
    private Dictionary<string, NodePod> pods = new(StringComparer.Ordinal);

    public void Apply(ProfileEvent change)
    {
        lock (gate)
        {
            if (change.Type == ProfileEventType.Reset)
                profiles = [];
            foreach (var profile in change.Profiles)
            {
                var workload = new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
                if (change.Type == ProfileEventType.Delete)
                    profiles.Remove(workload);
                else
                    profiles[workload] = profile;
            }
        }
    }

    public void Apply(PodEvent change)
    {
        lock (gate)
        {
            if (change.Type == ProfileEventType.Reset)
                pods = new(StringComparer.Ordinal);
            foreach (var pod in change.Pods)
            {
                if (change.Type == ProfileEventType.Delete)
                    pods.Remove(pod.Key);
                else
                    pods[pod.Key] = pod;
            }
        }
    }

    /// <summary>One subject per workload, container and image running here whose container has observations.</summary>
    public IReadOnlyList<PackageSubject> Snapshot()
    {
        lock (gate)
        {
            var subjects = new Dictionary<(WorkloadIdentity, string, string), PackageSubject>();
            foreach (var pod in pods.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pod.Containers is not { } containers)
                    continue;
                foreach (var (id, image) in containers.RunningImageById.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!containers.NameById.TryGetValue(id, out var name)
                        || pod.Profiles.FirstOrDefault(p => p.Container == name) is not { } given
                        || !profiles.TryGetValue(given.Workload, out var profile)
                        || profile.Status.Containers.FirstOrDefault(c => c.Name == name) is not { Observed.Count: > 0 } learned)
                        continue;
                    var subject = new PackageSubject(given.Workload, profile.Status, learned, id, image);
                    subjects.TryAdd(subject.Key, subject);
                }
            }

            return [.. subjects.Values];
        }
    }
}
