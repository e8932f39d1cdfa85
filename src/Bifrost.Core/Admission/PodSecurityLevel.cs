namespace Bifrost.Core.Admission;

/// <summary>
/// The Pod Security level the API server enforces on a namespace, as its PodSecurity admission plugin resolves it:
/// the namespace's <c>pod-security.kubernetes.io/enforce</c> label when present, otherwise the cluster's default.
/// </summary>
internal static class PodSecurityLevel
{
    public const string Privileged = "privileged";
    public const string Baseline = "baseline";
    public const string Restricted = "restricted";

    public static bool IsLevel(string? value) => value is Privileged or Baseline or Restricted;

    /// <summary>
    /// Why the privileged tracer would make the pod invalid here, or null when it is admitted. No policy version of
    /// baseline or restricted admits a privileged container or a hostPath volume, so <c>enforce-version</c> is only
    /// reported, never decisive.
    /// </summary>
    public static string? TracerRejection(NamespaceInfo? @namespace, string namespaceName, string clusterDefault)
    {
        string? label = null;
        if (@namespace?.Labels.TryGetValue(BifrostLabels.PodSecurityEnforce, out label) != true)
        {
            return clusterDefault == Privileged
                ? null
                : $"the cluster's default Pod Security level '{clusterDefault}' applies to namespace {namespaceName}, which has no {BifrostLabels.PodSecurityEnforce} label (Bifrost:Admission:PodSecurityDefaultLevel)";
        }

        var version = @namespace.Labels.GetValueOrDefault(BifrostLabels.PodSecurityEnforceVersion) is { Length: > 0 } v ? $" (version {v})" : "";
        return label switch
        {
            Privileged => null,
            Baseline or Restricted => $"namespace enforces Pod Security '{label}'{version}",
            // The API server falls back to restricted for a label value it cannot parse.
            _ => $"namespace's Pod Security label '{label}' is not a level, so the API server enforces 'restricted'",
        };
    }
}
