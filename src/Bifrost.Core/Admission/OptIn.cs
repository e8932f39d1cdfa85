namespace Bifrost.Core.Admission;

/// <summary>Whether Bifrost protects a pod, by its namespace's label and its own annotation.</summary>
public enum OptInState
{
    /// <summary>Neither the namespace nor the pod asks for protection.</summary>
    NotOptedIn,

    /// <summary>The namespace is labelled <c>enabled</c>, or the pod is annotated <c>"true"</c> in an unlabelled namespace.</summary>
    Protected,

    /// <summary>The namespace is labelled <c>disabled</c> (which no pod overrides), or the pod is annotated <c>"false"</c>.</summary>
    OptedOut,
}

/// <summary>
/// The one opt-in rule, asked by admission (label and annotation of the pod being created) and by the intake (the
/// reporting workload's namespace label, and the reporting pod's annotation where the label says nothing).
/// </summary>
public static class OptIn
{
    /// <param name="namespaceLabel">The namespace's <c>bifrost.io/protect</c> label, null when absent or unknown.</param>
    /// <param name="podAnnotation">The pod's <c>bifrost.io/protect</c> annotation, null when absent or not looked at.</param>
    public static OptInState Of(string? namespaceLabel, string? podAnnotation) =>
        podAnnotation == "false" || namespaceLabel == BifrostLabels.ProtectNamespaceDisabledValue ? OptInState.OptedOut
        : namespaceLabel == BifrostLabels.ProtectNamespaceValue || podAnnotation == "true" ? OptInState.Protected
        : OptInState.NotOptedIn;
}
