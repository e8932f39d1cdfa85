using Bifrost.Core.Admission;

namespace Bifrost.Cli.Inject;

/// <summary>What <c>bifrost inject</c> was asked to do.</summary>
internal sealed record InjectOptions
{
    /// <summary>The namespace every object is created in; null means each object's own, else <c>default</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// The labels the target namespace is taken to carry. By default it has opted in, so every pod that is not
    /// annotated <c>bifrost.io/protect: "false"</c> changes, as <c>istioctl kube-inject</c> injects regardless of labels.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { [BifrostLabels.Protect] = BifrostLabels.ProtectNamespaceValue };

    public AdmissionOptions Admission { get; init; } = new();

    /// <summary>The API server the pods go to, which decides the fields and sidecar kind they may get.</summary>
    public KubernetesVersion ServerVersion { get; init; } = KubernetesVersion.Newest;
}
