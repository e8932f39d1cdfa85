using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Support;

/// <summary>The namespaces every admission test sees.</summary>
internal sealed class FixedNamespaces : INamespaceLookup
{
    public static FixedNamespaces Instance { get; } = new();

    private static readonly Dictionary<string, NamespaceInfo> Namespaces = new()
    {
        ["shop"] = new("shop", new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled", ["kubernetes.io/metadata.name"] = "shop" }),
        ["shop-exempt"] = new("shop-exempt", new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled", ["bifrost.io/allow-opt-out"] = "true" }),
        ["plain"] = new("plain", new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "plain" }),
        ["restricted"] = new("restricted", new Dictionary<string, string>
        {
            ["bifrost.io/protect"] = "enabled",
            ["pod-security.kubernetes.io/enforce"] = "restricted",
        }),
        ["privileged"] = new("privileged", new Dictionary<string, string>
        {
            ["bifrost.io/protect"] = "enabled",
            ["pod-security.kubernetes.io/enforce"] = "privileged",
        }),
        ["baseline-pinned"] = new("baseline-pinned", new Dictionary<string, string>
        {
            ["bifrost.io/protect"] = "enabled",
            ["pod-security.kubernetes.io/enforce"] = "baseline",
            ["pod-security.kubernetes.io/enforce-version"] = "v1.29",
        }),
        ["misspelled-level"] = new("misspelled-level", new Dictionary<string, string>
        {
            ["bifrost.io/protect"] = "enabled",
            ["pod-security.kubernetes.io/enforce"] = "Privileged",
        }),
        ["closed"] = new("closed", new Dictionary<string, string> { ["bifrost.io/protect"] = "disabled" }),
        ["kube-system"] = new("kube-system", new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" }),
        ["bifrost-system"] = new("bifrost-system", new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" }),
    };

    public NamespaceInfo? Find(string name) => Namespaces.GetValueOrDefault(name);
}
