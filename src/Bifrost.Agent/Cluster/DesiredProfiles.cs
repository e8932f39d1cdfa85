using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The profiles this node must have: every rendered profile of every container of every BifrostProfile, kept from
/// the watch. Thread-safe; <see cref="WaitForChangeAsync"/> wakes the reconcile loop.
/// </summary>
internal sealed class DesiredProfiles : IDisposable
{
    private readonly Lock _lock = new();
    private Dictionary<string, IReadOnlyList<RenderedProfile>> _byObject = new(StringComparer.Ordinal);
    private Dictionary<string, RenderedMode> _modes = new(StringComparer.Ordinal);
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
                    _byObject.Remove(key);
                else
                    _byObject[key] = [.. profile.Status.Containers.SelectMany(c => c.Profiles)];
            }

            _modes = _byObject.Values.SelectMany(p => p).GroupBy(p => p.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Mode, StringComparer.Ordinal);
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
            return [BootstrapProfile.Rendered, .. _byObject.Values.SelectMany(p => p)];
    }

    /// <summary>The mode of a profile the node should have, or null for a name no BifrostProfile lists.</summary>
    public RenderedMode? ModeOf(string name)
    {
        if (name == BootstrapProfile.Rendered.Name)
            return BootstrapProfile.Rendered.Mode;
        var modes = _modes;
        return modes.TryGetValue(name, out var mode) ? mode : null;
    }

    /// <summary>Waits for a change, or until <paramref name="timeout"/> passes; true when something changed.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _changed.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _changed.Dispose();
}
