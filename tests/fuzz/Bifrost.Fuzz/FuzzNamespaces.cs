using Bifrost.Core.Admission;

namespace Bifrost.Fuzz;

/// <summary>Every namespace is protected, so a review reaches the mutator; a few names stand for the other kinds.</summary>
internal sealed class FuzzNamespaces : INamespaceLookup
{
    public static FuzzNamespaces Instance { get; } = new();

    public NamespaceInfo? Find(string name) => name switch
    {
        "unknown" => null,
        "plain" => new(name, new Dictionary<string, string>()),
        "restricted" => new(name, new Dictionary<string, string>
        {
            ["bifrost.io/protect"] = "enabled",
            ["pod-security.kubernetes.io/enforce"] = "restricted",
        }),
        _ => new(name, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" }),
    };
}
