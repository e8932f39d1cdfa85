using System.Text.Json.Serialization;

namespace Bifrost.Core.Profiles;

/// <summary>What a person may set on a workload's profile; everything else is status.</summary>
public sealed record BifrostProfileSpec
{
    public required WorkloadReference Workload { get; init; }

    /// <summary>Auto follows the lifecycle; Learn, Enforce and Off force the phase.</summary>
    public ProfileModeSetting Mode { get; init; } = ProfileModeSetting.Auto;

    /// <summary>Overrides of the learning policy, as durations such as <c>2h</c> (null: the setting or annotation).</summary>
    public string? MinLearningPeriod { get; init; }
    public string? QuietPeriod { get; init; }
    public int? MinPods { get; init; }

    /// <summary>Restart the workload's pods, in a rolling way, once it enforces.</summary>
    public bool RestartOnEnforce { get; init; }

    /// <summary>Approval for a workload whose enforcement is manual (<c>bifrost.io/enforcement: manual</c>).</summary>
    public EnforcementSpec? Enforcement { get; init; }

    /// <summary>
    /// Set to a new value (<c>bifrost relearn</c> writes the time) to learn the workload again: once the controller sees a
    /// value other than <see cref="BifrostProfileStatus.RelearnHandled"/>, the phase becomes Relearning and the learning
    /// period starts again from the rules learned so far. Compared as an opaque token, so no clock needs to agree.
    /// </summary>
    public string? RelearnRequestedAt { get; init; }
}

/// <summary>What a person (or any tool) sets to let a workload with manual enforcement enforce.</summary>
public sealed record EnforcementSpec
{
    /// <summary>
    /// The <c>status.revision</c> a person approved. Only that revision enforces: a profile that grew since has another
    /// revision and waits again.
    /// </summary>
    public string? ApprovedRevision { get; init; }
}

public sealed record WorkloadReference(string Kind, string Name);

[JsonConverter(typeof(JsonStringEnumConverter<ProfileModeSetting>))]
public enum ProfileModeSetting
{
    Auto,
    Learn,
    Enforce,
    Off,
}
