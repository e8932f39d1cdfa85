using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>The profiles as admission sees them: from memory, never a call to a store.</summary>
internal interface IProfileSnapshot
{
    BifrostProfile? Find(string @namespace, string name);
}

/// <summary>Local mode: the profiles as the controller last evaluated them.</summary>
internal sealed class LocalProfileSnapshot : IProfileSnapshot
{
    private volatile Dictionary<string, BifrostProfile> profiles = new(StringComparer.Ordinal);

    public BifrostProfile? Find(string @namespace, string name) => profiles.GetValueOrDefault($"{@namespace}/{name}");

    public void Replace(IEnumerable<BifrostProfile> all) =>
        profiles = all.ToDictionary(p => $"{p.Metadata.Namespace}/{p.Metadata.Name}", StringComparer.Ordinal);
}
