namespace Bifrost.Core.Admission;

/// <summary>What the webhook knows of a namespace from its cache: its labels.</summary>
public sealed record NamespaceInfo(string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>Looks namespaces up without an API call (an informer cache in a cluster, a fixed map elsewhere).</summary>
public interface INamespaceLookup
{
    /// <summary>The namespace, or null when it is not (yet) known.</summary>
    NamespaceInfo? Find(string name);
}
