namespace Bifrost.Core.Admission;

/// <summary>The label and annotation keys that users and Bifrost itself put on objects.</summary>
public static class BifrostLabels
{
    /// <summary>Namespace label (<c>enabled</c> or <c>disabled</c>) or pod annotation (<c>"true"</c> / <c>"false"</c>).</summary>
    public const string Protect = "bifrost.io/protect";
    public const string ProtectNamespaceValue = "enabled";

    /// <summary>Namespace label value that keeps every pod of the namespace out, even those annotated <c>"true"</c>.</summary>
    public const string ProtectNamespaceDisabledValue = "disabled";

    /// <summary>
    /// Namespace label (<c>true</c>) by which the namespace's owner lets any pod creator of the namespace opt pods out
    /// (annotation <c>"false"</c>, or an AppArmor profile that is not Bifrost's). Without it an opt-out needs RBAC.
    /// </summary>
    public const string AllowOptOut = "bifrost.io/allow-opt-out";

    /// <summary>The RBAC verb on <c>bifrostprofiles.bifrost.io</c> in the pod's namespace that lets a user opt pods out.</summary>
    public const string ExemptVerb = "exempt";

    /// <summary>Pod annotation recording what Bifrost did, so a second pass changes nothing.</summary>
    public const string Status = "bifrost.io/status";

    /// <summary>
    /// On a node agent's pod, set by <c>bifrost uninstall</c>: the agent unloads Bifrost's profiles, removes its files
    /// from the host and reports in its BifrostNode's <c>status.uninstall</c>, echoing the annotation's value.
    /// </summary>
    public const string Uninstall = "bifrost.io/uninstall";

    public const string TracerContainerName = "bifrost-tracer";
    public const string TracerTokenVolumeName = "bifrost-token";

    public const string LegacyAppArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";
    public const string MirrorPod = "kubernetes.io/config.mirror";
    public const string OsLabel = "kubernetes.io/os";
    public const string PodSecurityEnforce = "pod-security.kubernetes.io/enforce";
    public const string PodSecurityEnforceVersion = "pod-security.kubernetes.io/enforce-version";
}
