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
    public required ContainerMode Mode { get; init; }

    /// <summary>For <see cref="ContainerMode.Enforce"/>: the content-addressed enforce profile name.</summary>
    public string? EnforceProfile { get; init; }

    /// <summary>
    /// For <see cref="ContainerMode.Learn"/>: the complain profile to use when the container's own learning profile is
    /// not loaded on every node yet (<see cref="AppArmor.ProfileNames.Bootstrap"/>); null for the container's own.
    /// </summary>
    public string? LearningProfile { get; init; }

    public static ProfileAssignment Learn { get; } = new() { Mode = ContainerMode.Learn };
    public static ProfileAssignment LearnWith(string profile) => new() { Mode = ContainerMode.Learn, LearningProfile = profile };
    public static ProfileAssignment Off { get; } = new() { Mode = ContainerMode.Off };
    public static ProfileAssignment Enforce(string profile) => new() { Mode = ContainerMode.Enforce, EnforceProfile = profile };
}

/// <summary>What admission gives a container: its learning profile (and the tracer), its enforce profile, or nothing.</summary>
public enum ContainerMode
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
