namespace Bifrost.Webhook.Kubernetes;

/// <summary>One watch event; <see cref="ResourceVersion"/> is where a renewed watch resumes.</summary>
internal sealed record WatchChange<T>(WatchChangeType Type, T? Item, string? ResourceVersion);
