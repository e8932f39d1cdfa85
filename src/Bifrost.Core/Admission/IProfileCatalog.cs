using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>Which phase a workload's containers are in, as the webhook sees it from its cache.</summary>
public interface IProfileCatalog
{
    /// <summary>The assignment for one container of a workload, running <paramref name="image"/> (null: unknown); never an API call.</summary>
    ProfileAssignment Find(WorkloadIdentity workload, string container, string? image);
}

/// <summary>Learn (complain profile and tracer), enforce a stable profile, or leave the container alone.</summary>
public sealed record ProfileAssignment
{
    public required ProfileMode Mode { get; init; }

    /// <summary>For <see cref="ProfileMode.Enforce"/>: the content-addressed enforce profile name.</summary>
    public string? EnforceProfile { get; init; }

    /// <summary>
    /// For <see cref="ProfileMode.Learn"/>: the complain profile to use when the container's own learning profile is
    /// not loaded on every node yet (<see cref="AppArmor.ProfileNames.Bootstrap"/>); null for the container's own.
    /// </summary>
    public string? LearningProfile { get; init; }

    public static ProfileAssignment Learn { get; } = new() { Mode = ProfileMode.Learn };
    public static ProfileAssignment LearnWith(string profile) => new() { Mode = ProfileMode.Learn, LearningProfile = profile };
    public static ProfileAssignment Off { get; } = new() { Mode = ProfileMode.Off };
    public static ProfileAssignment Enforce(string profile) => new() { Mode = ProfileMode.Enforce, EnforceProfile = profile };
}

public enum ProfileMode
{
    Learn,
    Enforce,
    Off,
}

/// <summary>The catalog before anything has been learned: every container learns.</summary>
public sealed class LearningCatalog : IProfileCatalog
{
    public static LearningCatalog Instance { get; } = new();

    public ProfileAssignment Find(WorkloadIdentity workload, string container, string? image) => ProfileAssignment.Learn;
}
