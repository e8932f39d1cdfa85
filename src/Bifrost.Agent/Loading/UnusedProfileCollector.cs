using Bifrost.Agent.Kernel;

namespace Bifrost.Agent.Loading;

/// <summary>
/// Removes Bifrost's profiles that no BifrostProfile lists any more. A version stays while any task on the node runs
/// under it (its pod keeps the profile it was admitted with); it goes at a later reconcile once the last such task
/// ended. Only names in the agent's state or in marked files are candidates, so nothing Bifrost did not load is touched.
/// </summary>
internal sealed class UnusedProfileCollector(IAppArmorKernel kernel, ProfileDirectory directory, ILogger logger)
{
    public async Task CollectAsync(LoaderState state, HashSet<string> desired, CancellationToken cancellationToken)
    {
        var owned = directory.Owned();
        var unused = state.Profiles.Keys.Concat(owned.Keys).Where(n => !desired.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (unused.Count == 0)
            return;
        var confined = kernel.ConfinedProfiles();
        var loaded = kernel.Enabled ? kernel.ListLoaded() : new Dictionary<string, string>();
        foreach (var name in unused)
        {
            if (!ProfileTextCheck.IsBifrostName(name))
                continue;
            if (confined.Contains(name))
            {
                LoaderLog.KeptInUse(logger, name);
                continue;
            }

            if (loaded.ContainsKey(name))
            {
                var removed = await kernel.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
                if (!removed.Success)
                {
                    LoaderLog.RemoveFailed(logger, name, removed.Message);
                    continue;
                }
            }

            if (owned.ContainsKey(name))
                directory.Delete(name);
            state.Profiles.Remove(name);
            LoaderLog.Removed(logger, name);
        }
    }
}
