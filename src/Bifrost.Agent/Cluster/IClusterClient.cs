using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Cluster;

/// <summary>The API-server calls the agent makes: watch every BifrostProfile and the pods bound to its node, write its own BifrostNode.</summary>
internal interface IClusterClient
{
    /// <summary>A <see cref="ProfileEventType.Reset"/> with the full list, then changes; relists (another Reset) when the watch expires.</summary>
    IAsyncEnumerable<ProfileEvent> WatchProfilesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The pods bound to <paramref name="nodeName"/> that carry Bifrost's status annotation: a Reset with the full
    /// list, then changes; relists when the watch expires.
    /// </summary>
    IAsyncEnumerable<PodEvent> WatchPodsAsync(string nodeName, CancellationToken cancellationToken);

    /// <summary>Creates the node's BifrostNode when missing and replaces its status.</summary>
    Task WriteNodeStatusAsync(string nodeName, BifrostNodeStatus status, CancellationToken cancellationToken);
}
