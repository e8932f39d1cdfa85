namespace Bifrost.Core.Admission;

/// <summary>Why a running pod that admission would protect runs without Bifrost's settings; metric labels and Event text.</summary>
public static class UnprotectedReason
{
    /// <summary>
    /// The pod carries no <c>bifrost.io/status</c>: admission never changed it (the webhook was unavailable or failing
    /// and the API server let the pod through, or the pod was created before its namespace or workload opted in).
    /// </summary>
    public const string NotAdmitted = "not-admitted";

    /// <summary>
    /// The pod carries <c>bifrost.io/status</c>, but a container it names lacks the profile it names (the annotation was
    /// copied into a pod template from a running pod, or another webhook removed the profile).
    /// </summary>
    public const string ProfileMissing = "profile-missing";
}
