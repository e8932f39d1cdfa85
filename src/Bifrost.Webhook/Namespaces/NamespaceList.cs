using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Namespaces;

/// <summary>One full list of namespaces and the resource version a watch continues from.</summary>
internal sealed record NamespaceList(IReadOnlyList<NamespaceInfo> Items, string ResourceVersion);
