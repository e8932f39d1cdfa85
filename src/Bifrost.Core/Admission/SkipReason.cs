namespace Bifrost.Core.Admission;

/// <summary>Stable, low-cardinality reasons, used as metric labels and in warnings.</summary>
public static class SkipReason
{
    public const string NotPodCreate = "not-pod-create";
    public const string Subresource = "subresource";
    public const string ExcludedNamespace = "excluded-namespace";
    public const string NotOptedIn = "not-opted-in";
    public const string OptedOut = "opted-out";
    public const string AlreadyInjected = "already-injected";
    public const string MirrorPod = "mirror-pod";
    public const string Windows = "windows";
    public const string HostNetwork = "host-network";
    public const string PodSecurity = "pod-security";
    public const string UserProfile = "user-profile";
    public const string ModeOff = "mode-off";
    public const string InternalError = "internal-error";
    public const string OptOutRefused = "opt-out-refused";
}
