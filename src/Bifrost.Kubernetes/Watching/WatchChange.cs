namespace Bifrost.Kubernetes.Watching;

/// <summary>One watch event; <see cref="ResourceVersion"/> is where a renewed watch resumes.</summary>
public sealed record WatchChange<T>(WatchChangeType Type, T? Item, string? ResourceVersion);
