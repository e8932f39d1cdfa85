using Bifrost.Agent.Kernel;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Loading;

/// <summary>
/// Brings the node's kernel to the desired set of Bifrost profiles: writes each to Bifrost's directory, loads it,
/// verifies it in the kernel's profile list, and removes versions no longer wanted once no task runs under them.
/// It owns only what is Bifrost's: a <c>bifrost_</c> name, a marked file in its directory, or an entry in its
/// state file; anything else loaded in the kernel is never replaced or removed. One caller at a time.
/// </summary>
internal sealed class ProfileLoader(
    IAppArmorKernel kernel,
    LoaderStateStore store,
    AgentOptions options,
    TimeProvider time,
    ILogger<ProfileLoader> logger)
{
    private readonly LoaderState state = store.Load();
    private readonly ProfileDirectory directory = new(options.ProfileDirectory, logger);
    private readonly Lock gate = new();
    private IReadOnlyList<NodeProfileStatus> statuses = [];

    /// <summary>Whether every desired profile is in place (loaded, or compiled where AppArmor is off) after the last reconcile.</summary>
    public bool Ready { get; private set; }

    public bool KernelEnabled => kernel.Enabled;

    /// <summary>The state of each desired profile after the last reconcile.</summary>
    public IReadOnlyList<NodeProfileStatus> Statuses => statuses;

    /// <summary>Profiles the agent holds (desired or waiting for their last task to end).</summary>
    public int Owned => state.Profiles.Count;

    /// <summary>
    /// Loads every Bifrost file in the profile directory, as after a reboot, before the agent has heard from the API
    /// server: pods already scheduled here can start with the profiles they were admitted with.
    /// </summary>
    public async Task<int> RestoreAsync(CancellationToken cancellationToken)
    {
        var files = directory.Owned().Values.ToList();
        var loaded = kernel.Enabled ? kernel.ListLoaded() : new Dictionary<string, string>();
        var outcomes = await LoadAllAsync(files, loaded, cancellationToken).ConfigureAwait(false);
        SaveState();
        var failed = outcomes.Count(o => o.State == NodeProfileState.Error);
        LoaderLog.Restored(logger, outcomes.Count - failed, failed, options.ProfileDirectory, kernel.Enabled);
        return outcomes.Count - failed;
    }

    /// <summary>Loads what is desired and missing or changed, verifies it, removes what is no longer desired and unused.</summary>
    public async Task<IReadOnlyList<NodeProfileStatus>> ReconcileAsync(IReadOnlyCollection<RenderedProfile> desired, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, NodeProfileStatus>(StringComparer.Ordinal);
        var candidates = new List<ProfileFile>();
        foreach (var group in desired.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var profile = group.First();
            var problem = group.Select(p => p.Hash).Distinct(StringComparer.Ordinal).Count() > 1
                ? "two different texts are listed under this name"
                : ProfileTextCheck.Problem(profile);
            problem ??= ModeChange(profile);
            if (problem is not null)
                statuses[profile.Name] = Fail(ProfileFile.From(profile), problem);
            else
                candidates.Add(ProfileFile.From(profile));
        }

        var loaded = kernel.Enabled ? kernel.ListLoaded() : new Dictionary<string, string>();
        var owned = directory.Owned();
        var toLoad = new List<ProfileFile>();
        foreach (var file in candidates)
        {
            if (kernel.Enabled && loaded.ContainsKey(file.Name) && !IsOwned(file.Name, owned))
                statuses[file.Name] = Fail(file, "a profile of this name is loaded and Bifrost did not load it; it is left alone");
            else
                toLoad.Add(file);
        }

        foreach (var outcome in await LoadAllAsync(toLoad, loaded, cancellationToken).ConfigureAwait(false))
            statuses[outcome.Name] = outcome;

        await new UnusedProfileCollector(kernel, directory, logger)
            .CollectAsync(state, desired.Select(p => p.Name).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        SaveState();

        var result = desired.Select(p => p.Name).Distinct(StringComparer.Ordinal).Select(name => statuses[name]).ToList();
        this.statuses = result;
        Ready = result.All(s => s.State is NodeProfileState.Loaded or NodeProfileState.Compiled);
        return result;
    }

    /// <summary>
    /// For <c>bifrost uninstall</c>: takes every Bifrost profile out of the kernel but those a task still runs under
    /// (removing those would leave the task unconfined and a restart of its container without its profile; they go
    /// at the next reboot), then removes every Bifrost file and the state record from the host, so nothing is loaded
    /// again at boot. Only what the agent owns is touched, as in <see cref="ReconcileAsync"/>.
    /// </summary>
    public async Task<NodeUninstallStatus> UninstallAsync(string request, CancellationToken cancellationToken)
    {
        var owned = directory.Owned();
        var names = state.Profiles.Keys.Concat(owned.Keys).Where(ProfileTextCheck.IsBifrostName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var confined = kernel.ConfinedProfiles();
        var loaded = kernel.Enabled ? kernel.ListLoaded() : new Dictionary<string, string>();
        var removed = 0;
        var kept = new List<string>();
        var failed = new List<string>();
        foreach (var name in names)
        {
            if (loaded.ContainsKey(name))
            {
                if (confined.Contains(name))
                {
                    kept.Add(name);
                }
                else if (await kernel.RemoveAsync(name, cancellationToken).ConfigureAwait(false) is { Success: false } result)
                {
                    failed.Add($"{name}: {result.Message}");
                }
                else
                {
                    removed++;
                }
            }

            if (owned.ContainsKey(name))
                directory.Delete(name);
        }

        state.Profiles.Clear();
        store.Delete();
        statuses = [];
        Ready = false;
        LoaderLog.Uninstalled(logger, removed, kept.Count, failed.Count);
        return new NodeUninstallStatus { Request = request, Removed = removed, KeptInUse = kept, Failed = failed, CompletedAt = time.GetUtcNow() };
    }

    private async Task<List<NodeProfileStatus>> LoadAllAsync(List<ProfileFile> files, IReadOnlyDictionary<string, string> loaded, CancellationToken cancellationToken)
    {
        var outcomes = new List<NodeProfileStatus>();
        var changed = new List<ProfileFile>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ParserConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(files, parallel, async (file, token) =>
        {
            if (IsCurrent(file, loaded))
                return;
            var result = await directory.WriteAndLoadAsync(file, kernel, token).ConfigureAwait(false);
            lock (gate)
            {
                if (result.Success)
                    changed.Add(file);
                else
                    outcomes.Add(Fail(file, result.Message));
            }
        }).ConfigureAwait(false);

        // Verification reads the kernel's list once after all loads: a profile counts as loaded only if the kernel lists it, in its mode.
        var after = kernel.Enabled ? kernel.ListLoaded() : loaded;
        foreach (var file in files.Where(f => outcomes.All(o => o.Name != f.Name)))
        {
            var status = Verify(file, after);
            outcomes.Add(status);
            if (status.State != NodeProfileState.Error)
                state.Profiles[file.Name] = new LoadedProfile(file.Name, file.Hash, file.Mode, time.GetUtcNow());
            if (changed.Contains(file) && status.State != NodeProfileState.Error)
                LoaderLog.Loaded(logger, kernel.Enabled ? "Loaded" : "Compiled", file.Name, file.Mode, file.Hash);
            else if (status.State == NodeProfileState.Error)
                LoaderLog.Failed(logger, file.Name, status.Message ?? "");
        }

        return outcomes;
    }

    private bool IsCurrent(ProfileFile file, IReadOnlyDictionary<string, string> loaded)
    {
        if (!state.Profiles.TryGetValue(file.Name, out var entry) || entry.Hash != file.Hash)
            return false;
        if (!directory.Holds(file))
            return false;
        return !kernel.Enabled || (loaded.TryGetValue(file.Name, out var mode) && mode == KernelMode(file.Mode));
    }

    private NodeProfileStatus Verify(ProfileFile file, IReadOnlyDictionary<string, string> loaded)
    {
        if (!kernel.Enabled)
            return Status(file, NodeProfileState.Compiled, "compiled only: this node's kernel has no AppArmor");
        if (!loaded.TryGetValue(file.Name, out var mode))
            return Fail(file, "the parser accepted the profile but the kernel does not list it");
        return mode == KernelMode(file.Mode)
            ? Status(file, NodeProfileState.Loaded, null)
            : Fail(file, $"the kernel lists the profile in {mode} mode, expected {KernelMode(file.Mode)}");
    }

    private string? ModeChange(RenderedProfile profile) =>
        state.Profiles.TryGetValue(profile.Name, out var entry) && entry.Mode != profile.Mode
            ? $"the profile was loaded in {entry.Mode} mode; a change of mode must come as a new profile name"
            : null;

    private bool IsOwned(string name, Dictionary<string, ProfileFile> owned) =>
        state.Profiles.ContainsKey(name) || owned.ContainsKey(name);

    private void SaveState()
    {
        lock (gate)
            store.Save(state);
    }

    private static string KernelMode(ProfileMode mode) => mode == ProfileMode.Complain ? "complain" : "enforce";

    private static NodeProfileStatus Fail(ProfileFile file, string message) => Status(file, NodeProfileState.Error, message);

    private static NodeProfileStatus Status(ProfileFile file, NodeProfileState state, string? message) => new()
    {
        Name = file.Name,
        Hash = file.Hash,
        Mode = file.Mode,
        State = state,
        Message = message,
    };
}
