using Bifrost.Core.Profiles;

namespace Bifrost.Core.Learning;

/// <summary>Whether every node that may run a workload's pods has a profile loaded: the gate before enforcing.</summary>
public interface INodeGate
{
    /// <summary>Null when the profile is loaded everywhere; otherwise what is missing, in words (nodes, states).</summary>
    string? Missing(RenderedProfile profile);

    /// <summary>
    /// Null unless a node reported that loading the profile failed (the parser refused it); then which nodes and why,
    /// in words. Unlike <see cref="Missing"/>, waiting does not mend this: the workload is degraded.
    /// </summary>
    string? Failed(RenderedProfile profile) => null;
}
