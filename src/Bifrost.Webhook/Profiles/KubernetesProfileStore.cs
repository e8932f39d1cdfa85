using System.Net;
using System.Text.Json;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Resources;
using k8s.Autorest;
using k8s;

namespace Bifrost.Webhook.Profiles;

/// <summary>
/// BifrostProfiles as custom objects. Status goes through the status subresource, with the resource version read
/// last, so the API server refuses a write based on a stale read (409) and the caller merges again. Every write is
/// fitted to the size budget first (<see cref="ProfileSize"/>: bulky lists packed, never dropped), so the API server
/// does not refuse it for its size (etcd's 1.5 MiB); one that cannot fit is refused here, with its size in the message.
/// </summary>
internal sealed class KubernetesProfileStore(IKubernetes client, int maxStatusBytes = ProfileSize.DefaultBudget) : IProfileStore
{
    private const string Group = BifrostProfile.Group;
    private const string Version = BifrostProfile.Version;
    private const string Plural = BifrostProfile.Plural;
    private const int PageSize = 500;

    private static readonly string EmptyStatus = JsonSerializer.Serialize(new BifrostProfileStatus(), ProfileJson.Options);

    public async Task<BifrostProfile?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            var found = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                Group, Version, @namespace, Plural, name, cancellationToken).ConfigureAwait(false);
            return CustomObjectJson.Read<BifrostProfile>(found);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<BifrostProfile>> ListAsync(CancellationToken cancellationToken)
    {
        var profiles = new List<BifrostProfile>();
        string? next = null;
        do
        {
            var page = await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(
                Group, Version, Plural, continueParameter: next, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            profiles.AddRange(CustomObjectJson.ItemsOf(page).Select(item => CustomObjectJson.Read<BifrostProfile>(item)));
            next = CustomObjectJson.ContinueOf(page);
        }
        while (next is not null);
        return profiles;
    }

    /// <summary>
    /// Creates the object, then writes its status: the API server drops the status of a create when the CRD has a
    /// status subresource. A conflict on that second write means another writer already changed the new profile.
    /// </summary>
    public async Task<BifrostProfile> CreateAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        var (ns, name) = (profile.Metadata.Namespace, profile.Metadata.Name);
        var fresh = profile with { Metadata = profile.Metadata with { ResourceVersion = null, Uid = null, CreationTimestamp = null, Generation = null } };
        BifrostProfile created;
        try
        {
            var answer = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
                CustomObjectJson.Write(Fitted(fresh)), Group, Version, ns, Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            created = CustomObjectJson.Read<BifrostProfile>(answer);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ProfileConflictException(ns, name, "already exists");
        }

        if (JsonSerializer.Serialize(profile.Status, ProfileJson.Options) == EmptyStatus)
            return created;
        return await UpdateStatusAsync(created with { Status = profile.Status }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BifrostProfile> UpdateStatusAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        var (ns, name) = (profile.Metadata.Namespace, profile.Metadata.Name);
        if (string.IsNullOrEmpty(profile.Metadata.ResourceVersion))
            throw new ArgumentException($"BifrostProfile {ns}/{name}: a status update needs the resource version it was read at", nameof(profile));
        try
        {
            var answer = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<JsonElement>(
                CustomObjectJson.Write(Fitted(profile)), Group, Version, ns, Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return CustomObjectJson.Read<BifrostProfile>(answer);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ProfileConflictException(ns, name, $"version {profile.Metadata.ResourceVersion} is stale");
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ProfileConflictException(ns, name, "does not exist");
        }
    }

    private BifrostProfile Fitted(BifrostProfile profile)
    {
        var fit = ProfileSize.Fit(profile, maxStatusBytes);
        return fit.Fits
            ? fit.Profile
            : throw new InvalidOperationException(
                $"BifrostProfile {profile.Metadata.Namespace}/{profile.Metadata.Name} takes {fit.Bytes} bytes with {fit.Packed} fields compressed, " +
                $"over its budget of {maxStatusBytes} (etcd refuses objects over {ProfileSize.EtcdLimit}); it was not written");
    }
}
