namespace Bifrost.Kubernetes.Watching;

/// <summary>What one watch event says about an object.</summary>
public enum WatchChangeType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Only a newer resource version to resume from.</summary>
    Bookmark,

    /// <summary>The watched resource version is gone: events were lost and the cache must be listed again.</summary>
    Expired,
}
