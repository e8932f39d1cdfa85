namespace Bifrost.Core.Profiles;

/// <summary>
/// One condition of a BifrostProfile, in the shape of Kubernetes' <c>metav1.Condition</c>: a type, "True" or
/// "False", a reason in CamelCase and a message a person can read.
/// </summary>
public sealed record ProfileCondition
{
    /// <summary>A pod's tracer could not attach: the workload learns from AppArmor audit records only.</summary>
    public const string TracerUnavailable = "TracerUnavailable";

    public required string Type { get; init; }

    /// <summary><c>True</c> or <c>False</c>.</summary>
    public required string Status { get; init; }

    public required string Reason { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public bool IsTrue => Status == "True";
}
