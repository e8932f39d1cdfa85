using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The profiles this node must have: every rendered profile of every container of every BifrostProfile, kept from
/// the watch, with the workload and container each was rendered for. Thread-safe; <see cref="WaitForChangeAsync"/>
/// wakes the reconcile loop.
/// </summary>
internal sealed class DesiredProfiles : IDisposable
{
    private readonly Lock _lock = new();
    private Dictionary<string, IReadOnlyList<(RenderedProfile Profile, ProfileOwner Owner)>> _byObject = new(StringComparer.Ordinal);
    private Dictionary<string, (RenderedMode Mode, ProfileOwner Owner)> _byName = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Whether a full list has arrived since the agent started.</summary>
    public bool Synced { get; private set; }

    public void Apply(ProfileEvent change)
    {
        lock (_lock)
        {
            if (change.Type == ProfileEventType.Reset)
            {
                _byObject = new(StringComparer.Ordinal);
                Synced = true;
            }

            foreach (var profile in change.Profiles)
            {
                var key = $"{profile.Metadata.Namespace}/{profile.Metadata.Name}";
                if (change.Type == ProfileEventType.Delete)
                {
                    _byObject.Remove(key);
                    continue;
                }

                var workload = new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
                _byObject[key] = [.. profile.Status.Containers.SelectMany(c => c.Profiles.Select(p => (p, new ProfileOwner(workload, c.Name))))];
            }

            _byName = _byObject.Values.SelectMany(p => p).GroupBy(p => p.Profile.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.First().Profile.Mode, g.First().Owner), StringComparer.Ordinal);
        }

        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up covers every change since.
            }
        }
    }

    /// <summary>Every profile the node should have: the bootstrap profile, which admission hands out before a container's own is loaded everywhere, and each one a BifrostProfile lists.</summary>
    public IReadOnlyCollection<RenderedProfile> Snapshot()
    {
        lock (_lock)
            return [BootstrapProfile.Rendered, .. _byObject.Values.SelectMany(p => p).Select(p => p.Profile)];
    }

    /// <summary>The mode of a profile the node should have, or null for a name no BifrostProfile lists.</summary>
    public RenderedMode? ModeOf(string name)
    {
        if (name == BootstrapProfile.Rendered.Name)
            return BootstrapProfile.Rendered.Mode;
        var byName = _byName;
        return byName.TryGetValue(name, out var known) ? known.Mode : null;
    }

    /// <summary>The workload and container a profile belongs to, or null for a name no BifrostProfile lists (the bootstrap profile).</summary>
    public ProfileOwner? OwnerOf(string name)
    {
        var byName = _byName;
        return byName.TryGetValue(name, out var known) ? known.Owner : null;
    }

    /// <summary>Waits for a change, or until <paramref name="timeout"/> passes; true when something changed.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _changed.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _changed.Dispose();
}
