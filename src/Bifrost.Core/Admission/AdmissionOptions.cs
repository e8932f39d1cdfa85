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

    /// <summary>Also write the deprecated per-container AppArmor annotation, for clusters older than 1.30.</summary>
    public bool WriteLegacyAnnotation { get; init; } = true;

    /// <summary>Inject the tracer as a native sidecar (init container with restartPolicy Always, Kubernetes 1.29+).</summary>
    public bool NativeSidecar { get; init; } = true;

    /// <summary>Inject the tracer into hostNetwork pods. Off by default: such pods see the node's network.</summary>
    public bool TraceHostNetworkPods { get; init; }

    public TracerOptions Tracer { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemNamespace))
            yield return "Bifrost:Admission:SystemNamespace must name Bifrost's own namespace.";
        foreach (var error in Tracer.Validate())
            yield return error;
    }

    public bool IsExcluded(string @namespace) =>
        string.Equals(@namespace, SystemNamespace, StringComparison.Ordinal) ||
        ExcludedNamespaces.Contains(@namespace, StringComparer.Ordinal);
}
