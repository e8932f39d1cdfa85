using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The profiles this node must have: every rendered profile of every container of every BifrostProfile, kept from
/// the watch, with the workload and container each was rendered for; and a placeholder for every learning profile a
/// pod on this node names that no BifrostProfile lists yet. A tracer-less workload's first pods name their own
/// learning profile before any report created its BifrostProfile: the kubelet cannot start them until the name is
/// loaded, and their audit records can only be attributed through it. The placeholder is the bootstrap profile
/// under that name; once a BifrostProfile lists the name, its text wins. Thread-safe; <see cref="WaitForChangeAsync"/>
/// wakes the reconcile loop.
/// </summary>
internal sealed class DesiredProfiles : IDisposable
{
    private readonly Lock gate = new();
    private Dictionary<string, IReadOnlyList<(RenderedProfile Profile, ProfileOwner Owner)>> byObject = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyList<PodProfile>> byPod = new(StringComparer.Ordinal);
    private Dictionary<string, (RenderedProfile Profile, ProfileOwner Owner)> placeholders = new(StringComparer.Ordinal);
    private Dictionary<string, (ProfileMode Mode, ProfileOwner Owner)> byName = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changed = new(0, 1);

    /// <summary>Whether a full list of BifrostProfiles has arrived since the agent started.</summary>
    public bool Synced { get; private set; }

    public void Apply(ProfileEvent change)
    {
        lock (gate)
        {
            if (change.Type == ProfileEventType.Reset)
            {
                byObject = new(StringComparer.Ordinal);
                Synced = true;
            }

            foreach (var profile in change.Profiles)
            {
                var key = $"{profile.Metadata.Namespace}/{profile.Metadata.Name}";
                if (change.Type == ProfileEventType.Delete)
                {
                    byObject.Remove(key);
                    continue;
                }

                var workload = new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
                byObject[key] = [.. profile.Status.Containers.SelectMany(c => c.Profiles.Select(p => (p, new ProfileOwner(workload, c.Name))))];
            }

            Rebuild();
        }

        Signal();
    }

    public void Apply(PodEvent change)
    {
        lock (gate)
        {
            if (change.Type == ProfileEventType.Reset)
                byPod = new(StringComparer.Ordinal);

            foreach (var pod in change.Pods)
            {
                if (change.Type == ProfileEventType.Delete || pod.Profiles.Count == 0)
                    byPod.Remove(pod.Key);
                else
                    byPod[pod.Key] = pod.Profiles;
            }

            Rebuild();
        }

        Signal();
    }

    /// <summary>
    /// Every profile the node should have: the bootstrap profile, which admission hands out before a container's own
    /// is loaded everywhere, each one a BifrostProfile lists, and the placeholders pods on this node need.
    /// </summary>
    public IReadOnlyCollection<RenderedProfile> Snapshot()
    {
        lock (gate)
            return [BootstrapProfile.Rendered, .. byObject.Values.SelectMany(p => p).Select(p => p.Profile), .. placeholders.Values.Select(p => p.Profile)];
    }

    /// <summary>The names loaded as placeholders: learning profiles pods on this node name and no BifrostProfile lists yet.</summary>
    public IReadOnlyCollection<string> Placeholders()
    {
        lock (gate)
            return [.. placeholders.Keys];
    }

    /// <summary>The mode of a profile the node should have, or null for a name neither a BifrostProfile nor a pod here names.</summary>
    public ProfileMode? ModeOf(string name)
    {
        if (name == BootstrapProfile.Rendered.Name)
            return BootstrapProfile.Rendered.Mode;
        var byName = this.byName;
        return byName.TryGetValue(name, out var known) ? known.Mode : null;
    }

    /// <summary>The workload and container a profile belongs to, or null for a name nothing claims (the bootstrap profile).</summary>
    public ProfileOwner? OwnerOf(string name)
    {
        var byName = this.byName;
        return byName.TryGetValue(name, out var known) ? known.Owner : null;
    }

    /// <summary>Waits for a change, or until <paramref name="timeout"/> passes; true when something changed.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        changed.WaitAsync(timeout, cancellationToken);

    public void Dispose() => changed.Dispose();

    private void Rebuild()
    {
        var listed = byObject.Values.SelectMany(p => p).GroupBy(p => p.Profile.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().Profile.Mode, g.First().Owner), StringComparer.Ordinal);

        // Placeholders are rendered once per name and kept while pods name it: rendering runs the generator.
        var placeholders = new Dictionary<string, (RenderedProfile Profile, ProfileOwner Owner)>(StringComparer.Ordinal);
        foreach (var pod in byPod.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value))
        {
            if (!pod.IsLearning || listed.ContainsKey(pod.Name) || placeholders.ContainsKey(pod.Name) || pod.Name == BootstrapProfile.Rendered.Name)
                continue;
            var owner = new ProfileOwner(pod.Workload, pod.Container);
            placeholders[pod.Name] = this.placeholders.TryGetValue(pod.Name, out var kept)
                ? (kept.Profile, owner)
                : (BootstrapProfile.RenderedAs(pod.Name), owner);
        }

        this.placeholders = placeholders;
        foreach (var (name, placeholder) in placeholders)
            listed[name] = (ProfileMode.Complain, placeholder.Owner);
        byName = listed;
    }

    private void Signal()
    {
        if (changed.CurrentCount == 0)
        {
            try
            {
                changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up covers every change since.
            }
        }
    }
}
