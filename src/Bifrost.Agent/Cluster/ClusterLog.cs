namespace Bifrost.Agent.Cluster;

internal static partial class ClusterLog
{

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "BifrostProfile watch failed; retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Writing BifrostNode {Node} status failed")]
    public static partial void StatusFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Information, Message = "Node ready: {Count} profiles in place ({State})")]
    public static partial void NodeReady(ILogger logger, int count, string state);


    [LoggerMessage(EventId = 6306, Level = LogLevel.Warning, Message = "Pod watch failed; retrying in {Delay}")]
    public static partial void PodWatchFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 6307, Level = LogLevel.Warning, Message = "Local cluster directory unreadable: {Reason}")]
    public static partial void LocalReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6308, Level = LogLevel.Information, Message = "Local mode: profiles from {Profiles}, pods from {Pods}, node status to {StatusFile}")]
    public static partial void LocalMode(ILogger logger, string profiles, string pods, string statusFile);
}
