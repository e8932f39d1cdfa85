using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Profiles;

/// <summary>Log events of the profile-side caches: bifrostprofiles, bifrostnodes and Linux nodes (ids 1300-1399).</summary>
internal static partial class ProfileCacheLog
{
    [LoggerMessage(1300, LogLevel.Information, "Cache of {Resource} listed {Count} objects at resource version {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(1301, LogLevel.Information, "Watch of {Resource} expired at resource version {ResourceVersion}; listing again")]
    public static partial void Expired(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(1302, LogLevel.Warning, "List or watch of {Resource} failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception error, string resource, int failures, TimeSpan delay);

    [LoggerMessage(1303, LogLevel.Debug, "{Resource} {Name} {Type}")]
    public static partial void Changed(ILogger logger, string resource, string name, WatchChangeType type);
}
