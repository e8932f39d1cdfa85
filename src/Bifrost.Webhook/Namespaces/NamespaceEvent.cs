using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Namespaces;

/// <summary>One watch event; <see cref="ResourceVersion"/> is where a renewed watch resumes.</summary>
internal sealed record NamespaceEvent(NamespaceEventType Type, NamespaceInfo? Namespace, string? ResourceVersion);
