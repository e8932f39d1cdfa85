using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// The acting half of a node gate: puts profiles where the gate's queries will find them. The lifecycle calls it
/// once per round, off the query path; <see cref="Core.Learning.INodeGate.Missing"/> only ever reads state.
/// </summary>
internal interface IProfileLoading
{
    /// <summary>Loads (or compiles) each profile version not handled yet; true when any outcome is new.</summary>
    Task<bool> LoadAsync(IEnumerable<RenderedProfile> profiles, CancellationToken cancellationToken);
}
