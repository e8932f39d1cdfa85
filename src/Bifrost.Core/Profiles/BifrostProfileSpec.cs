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
