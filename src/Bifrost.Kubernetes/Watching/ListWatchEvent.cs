namespace Bifrost.Kubernetes.Watching;

/// <summary>
/// One step of a list-watch: a full <see cref="List"/> (after start, an expired version or a failure), or one
/// <see cref="Change"/> (added, modified, deleted, or <see cref="WatchChangeType.Expired"/> before the next list).
/// </summary>
public sealed record ListWatchEvent<T>(ListSnapshot<T>? List, WatchChange<T>? Change);
