namespace Bifrost.Kubernetes.Leadership;

internal static partial class LeadershipLog
{
    [LoggerMessage(1800, LogLevel.Information, "{Identity} competes for the lease {Namespace}/{Lease}; only its holder runs the learning controller")]
    public static partial void Competing(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(1801, LogLevel.Information, "{Identity} now leads: this replica runs the learning controller")]
    public static partial void Started(ILogger logger, string identity);

    [LoggerMessage(1802, LogLevel.Warning, "{Identity} stopped leading: the learning controller pauses here; admission and intake go on")]
    public static partial void Stopped(ILogger logger, string identity);

    [LoggerMessage(1803, LogLevel.Information, "The learning controller runs on {Leader}")]
    public static partial void NewLeader(ILogger logger, string leader);

    [LoggerMessage(1804, LogLevel.Debug, "Reading or writing the lease failed; trying again")]
    public static partial void LeaseError(ILogger logger, Exception error);

    [LoggerMessage(1805, LogLevel.Warning, "Leader election failed; competing again in {Delay}")]
    public static partial void Failed(ILogger logger, Exception error, TimeSpan delay);

    [LoggerMessage(1806, LogLevel.Information, "{Identity} released the lease so another replica takes over at once")]
    public static partial void Released(ILogger logger, string identity);

    [LoggerMessage(1807, LogLevel.Warning, "{Identity} could not release the lease; another replica takes over once it expires")]
    public static partial void ReleaseFailed(ILogger logger, Exception error, string identity);

    [LoggerMessage(1808, LogLevel.Information, "Label {Label} {Action} on pod {Namespace}/{Pod}")]
    public static partial void Labelled(ILogger logger, string @namespace, string pod, string label, string action);

    [LoggerMessage(1809, LogLevel.Warning, "Could not change label {Label} on pod {Namespace}/{Pod}; trying again")]
    public static partial void LabelFailed(ILogger logger, Exception error, string @namespace, string pod, string label);
}
