namespace Bifrost.Core.Admission;

/// <summary>
/// Which pod fields Bifrost may use on a given API server, so that no patch makes a pod invalid there: a native
/// sidecar from 1.29 (where the setting allows it), the <c>appArmorProfile</c> field from 1.30, and below 1.30
/// always the legacy annotation, which is all such a server and its kubelets read.
/// </summary>
public sealed record PodFeatures
{
    public required KubernetesVersion Server { get; init; }

    /// <summary>The tracer is an init container with <c>restartPolicy: Always</c>; otherwise a plain container.</summary>
    public required bool NativeSidecar { get; init; }

    /// <summary>Write <c>securityContext.appArmorProfile</c>; never below 1.30, where the server drops it.</summary>
    public required bool AppArmorField { get; init; }

    /// <summary>Write <c>container.apparmor.security.beta.kubernetes.io/&lt;container&gt;</c>, matching the field where both are set.</summary>
    public required bool LegacyAnnotation { get; init; }

    /// <summary>Why the tracer is a plain container, for the AdmissionResponse warnings; null for a native sidecar.</summary>
    public string? ClassicSidecarWarning { get; init; }

    public static PodFeatures For(KubernetesVersion server, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var native = options.NativeSidecar && server >= KubernetesVersion.NativeSidecars;
        var field = server >= KubernetesVersion.AppArmorFields;
        string? warning = null;
        if (!native)
        {
            var why = options.NativeSidecar
                ? $"the API server is Kubernetes {server} and native sidecars need {KubernetesVersion.NativeSidecars}"
                : "Bifrost:Admission:NativeSidecar is false";
            warning = $"bifrost: tracer added as a plain container, not a native sidecar ({why}); it may start after the app and keeps a Job's pod from completing";
        }

        return new PodFeatures
        {
            Server = server,
            NativeSidecar = native,
            AppArmorField = field,
            LegacyAnnotation = !field || options.WriteLegacyAnnotation,
            ClassicSidecarWarning = warning,
        };
    }
}
