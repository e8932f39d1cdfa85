namespace Bifrost.Kubernetes.Resources;

internal static partial class ResourceLog
{
    [LoggerMessage(1304, LogLevel.Warning, "Skipping {Resource} {Name}: {Reason}")]
    public static partial void Unreadable(ILogger logger, string resource, string name, string reason);
}
