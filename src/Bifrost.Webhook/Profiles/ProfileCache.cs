using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Profiles;

/// <summary>
/// Every BifrostProfile in the cluster as last seen by its informer: admission and the controller read it without
/// an API call. To wait for a change, read <see cref="ChangeSignal.Generation"/> of <see cref="Changes"/>, look, then wait on it.
/// </summary>
internal sealed class ProfileCache : IListWatchCache<BifrostProfile>
{
    private readonly ObjectCache<BifrostProfile> profiles = new(profile => KeyOf(profile.Metadata.Namespace, profile.Metadata.Name));

    public bool IsSynced => profiles.IsSynced;

    public int Count => profiles.Count;

    public IReadOnlyCollection<BifrostProfile> All => [.. profiles.Values];

    /// <summary>Fires after every list and every applied change.</summary>
    public ChangeSignal Changes => profiles.Changes;

    public BifrostProfile? Find(string @namespace, string name) => profiles.Find(KeyOf(@namespace, name));

    public void Replace(IReadOnlyList<BifrostProfile> items) => profiles.Replace(items);

    public void Apply(WatchChange<BifrostProfile> change) => profiles.Apply(change);

    private static string KeyOf(string @namespace, string name) => $"{@namespace}/{name}";
}
