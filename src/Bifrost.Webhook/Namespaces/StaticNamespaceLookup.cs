using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Namespaces;

/// <summary>
/// Namespace labels from configuration, for running without a cluster:
/// <c>Bifrost:Namespaces:&lt;name&gt;:Labels:&lt;key&gt;=&lt;value&gt;</c>. A namespace not listed has no labels.
/// </summary>
internal sealed class StaticNamespaceLookup : INamespaceLookup
{
    public const string SectionName = "Bifrost:Namespaces";

    private readonly Dictionary<string, NamespaceInfo> namespaces;

    public StaticNamespaceLookup(IConfiguration configuration)
    {
        namespaces = new Dictionary<string, NamespaceInfo>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var labels = section.GetSection("Labels").GetChildren()
                .Where(label => label.Value is not null)
                .ToDictionary(label => label.Key, label => label.Value!, StringComparer.Ordinal);
            namespaces[section.Key] = new NamespaceInfo(section.Key, labels);
        }
    }

    public int Count => namespaces.Count;

    public NamespaceInfo? Find(string name) => namespaces.GetValueOrDefault(name);
}
