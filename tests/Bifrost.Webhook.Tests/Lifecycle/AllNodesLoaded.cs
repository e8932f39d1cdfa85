using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>A node gate that finds every profile loaded, so a forced profile goes Stable then Enforcing in two rounds.</summary>
internal sealed class AllNodesLoaded : INodeGate
{
    public string? Missing(RenderedProfile profile) => null;
}
