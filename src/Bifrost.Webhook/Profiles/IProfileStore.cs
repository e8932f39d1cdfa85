using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Profiles;

/// <summary>
/// Where BifrostProfiles live: the CRD in a cluster, a directory on one machine. Writes are optimistic: an update
/// names the <c>resourceVersion</c> it read and fails with <see cref="ProfileConflictException"/> if another writer
/// got there first, so the caller re-reads and merges again.
/// </summary>
internal interface IProfileStore
{
    Task<BifrostProfile?> GetAsync(string @namespace, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<BifrostProfile>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new profile; a conflict if one of that name exists.</summary>
    Task<BifrostProfile> CreateAsync(BifrostProfile profile, CancellationToken cancellationToken);

    /// <summary>Replaces the status of the stored profile whose version is <c>profile.Metadata.ResourceVersion</c>; the spec on record is kept.</summary>
    Task<BifrostProfile> UpdateStatusAsync(BifrostProfile profile, CancellationToken cancellationToken);
}
