using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Cluster;

/// <summary>The API-server calls the agent makes: watch every BifrostProfile, write its own BifrostNode.</summary>
internal interface IClusterClient
{
    /// <summary>A <see cref="ProfileEventType.Reset"/> with the full list, then changes; relists (another Reset) when the watch expires.</summary>
    IAsyncEnumerable<ProfileEvent> WatchProfilesAsync(CancellationToken cancellationToken);

    /// <summary>Creates the node's BifrostNode when missing and replaces its status.</summary>
    Task WriteNodeStatusAsync(string nodeName, BifrostNodeStatus status, CancellationToken cancellationToken);
}
