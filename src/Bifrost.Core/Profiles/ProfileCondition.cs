using System.Text.Json.Serialization;

namespace Bifrost.Core.Profiles;

/// <summary>
/// One condition of a BifrostProfile, in the shape of Kubernetes' <c>metav1.Condition</c>: a type, <c>True</c>,
/// <c>False</c> or <c>Unknown</c>, a reason in CamelCase, a message a person can read, the generation it was decided
/// for, and when its status last flipped.
/// </summary>
public sealed record ProfileCondition
{
    /// <summary>The workload's containers run complain-mode profiles and their accesses are being learned.</summary>
    public const string Learning = "Learning";

    /// <summary>Every container's profile stopped growing: the enforce profiles are rendered.</summary>
    public const string Stable = "Stable";

    /// <summary>New pods get the enforce profiles and no tracer.</summary>
    public const string Enforcing = "Enforcing";

    /// <summary>Something needs a person's attention: a tracer that could not attach, a node that failed to load, a rollback.</summary>
    public const string Degraded = "Degraded";

    /// <summary>A pod's tracer could not attach: the workload learns from AppArmor audit records only.</summary>
    public const string TracerUnavailable = "TracerUnavailable";

    /// <summary>New observations were left out because the object would exceed its size budget even compressed.</summary>
    public const string TooLarge = "TooLarge";

    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public required string Type { get; init; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The <c>metadata.generation</c> the condition was decided for; null on conditions written before it was kept.</summary>
    public long? ObservedGeneration { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public required string Reason { get; init; }

    public string? Message { get; init; }

    [JsonIgnore]
    public bool IsTrue => Status == True;
}
