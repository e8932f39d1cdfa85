using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Log events of the namespace cache (ids 1200-1299).</summary>
internal static partial class NamespaceLog
{
    [LoggerMessage(1200, LogLevel.Information, "Namespace cache listed {Count} namespaces at resource version {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, string resourceVersion);

    [LoggerMessage(1201, LogLevel.Information, "Namespace watch expired at resource version {ResourceVersion}; listing again")]
    public static partial void Expired(ILogger logger, string resourceVersion);

    [LoggerMessage(1202, LogLevel.Warning, "Namespace list or watch failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception error, int failures, TimeSpan delay);

    [LoggerMessage(1203, LogLevel.Debug, "Namespace {Name} {Type}")]
    public static partial void Changed(ILogger logger, string name, WatchChangeType type);

    [LoggerMessage(1204, LogLevel.Information, "Namespace labels come from configuration ({Count} namespaces under Bifrost:Namespaces); no API server is watched")]
    public static partial void Static(ILogger logger, int count);

    [LoggerMessage(1205, LogLevel.Information, "Namespace labels come from the API server at {Host}")]
    public static partial void Cluster(ILogger logger, string host);
}
