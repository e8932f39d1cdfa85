namespace Bifrost.Core.Admission;

/// <summary>
/// How the webhook changes pods. Bound from <c>Bifrost:Admission</c>. Everything about the tracer comes from
/// here and never from the pod: no annotation can change its image, privileges or mounts.
/// </summary>
public sealed record AdmissionOptions
{
    public const string SectionName = "Bifrost:Admission";

    /// <summary>Bifrost's own namespace, never mutated.</summary>
    public string SystemNamespace { get; init; } = "bifrost-system";

    /// <summary>Namespaces never mutated, whatever their labels say. Bifrost's own is added to these.</summary>
    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = ["kube-system", "kube-public", "kube-node-lease"];

    /// <summary>
    /// On Kubernetes 1.30 and newer, also write the deprecated per-container AppArmor annotation beside the field.
    /// Below 1.30 it is always written: there it is the only way to set a profile.
    /// </summary>
    public bool WriteLegacyAnnotation { get; init; } = true;

    /// <summary>Inject the tracer as a native sidecar (init container with restartPolicy Always) where the API server is 1.29 or newer.</summary>
    public bool NativeSidecar { get; init; } = true;

    /// <summary>
    /// The API server's version (<c>1.29</c>, <c>v1.30.2</c>), which decides the pod fields Bifrost may use. Empty: in a
    /// cluster the webhook asks the API server; with no cluster the newest behaviour applies.
    /// </summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>
    /// The version assumed while the API server's own cannot be read. Low on purpose: an older version's pod
    /// (plain-container tracer, annotation only) is valid on every newer server, never the other way round.
    /// </summary>
    public string FallbackKubernetesVersion { get; init; } = "1.27";

    /// <summary>
    /// The Pod Security level the API server enforces on namespaces without a <c>pod-security.kubernetes.io/enforce</c>
    /// label (the <c>defaults.enforce</c> of its PodSecurity AdmissionConfiguration). Kubernetes defaults to privileged.
    /// </summary>
    public string PodSecurityDefaultLevel { get; init; } = PodSecurityLevel.Privileged;

    /// <summary>Inject the tracer into hostNetwork pods. Off by default: such pods see the node's network.</summary>
    public bool TraceHostNetworkPods { get; init; }

    public TracerOptions Tracer { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemNamespace))
            yield return "Bifrost:Admission:SystemNamespace must name Bifrost's own namespace.";
        if (ExcludedNamespaces.Any(string.IsNullOrWhiteSpace))
            yield return "Bifrost:Admission:ExcludedNamespaces must list namespace names; one entry is empty.";
        if (!string.IsNullOrWhiteSpace(KubernetesVersion) && !Admission.KubernetesVersion.TryParse(KubernetesVersion, out _))
            yield return $"Bifrost:Admission:KubernetesVersion must be a Kubernetes version such as 1.29 or v1.30.2, or empty to ask the API server, got '{KubernetesVersion}'.";
        if (!Admission.KubernetesVersion.TryParse(FallbackKubernetesVersion, out _))
            yield return $"Bifrost:Admission:FallbackKubernetesVersion must be a Kubernetes version such as 1.27, got '{FallbackKubernetesVersion}'.";
        if (!PodSecurityLevel.IsLevel(PodSecurityDefaultLevel))
            yield return $"Bifrost:Admission:PodSecurityDefaultLevel must be privileged, baseline or restricted, got '{PodSecurityDefaultLevel}'.";
        foreach (var error in Tracer.Validate())
            yield return error;
    }

    /// <summary>The version set by <see cref="KubernetesVersion"/>, or null when the API server is to be asked.</summary>
    public KubernetesVersion? ConfiguredVersion() =>
        Admission.KubernetesVersion.TryParse(KubernetesVersion, out var version) ? version : null;

    /// <summary>The parsed <see cref="FallbackKubernetesVersion"/> (validated at start).</summary>
    public KubernetesVersion FallbackVersion() =>
        Admission.KubernetesVersion.TryParse(FallbackKubernetesVersion, out var version) ? version : new(1, 27);

    public bool IsExcluded(string @namespace) =>
        string.Equals(@namespace, SystemNamespace, StringComparison.Ordinal) ||
        ExcludedNamespaces.Contains(@namespace, StringComparer.Ordinal);
}
