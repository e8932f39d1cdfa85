using Bifrost.Core.Workloads;

namespace Bifrost.Core.Profiles;

/// <summary>
/// The <c>bifrostprofiles.bifrost.io/v1alpha1</c> object: one per workload, holding what was learned for each of
/// its containers and where the workload is in its life. The same shape is stored as a CRD in a cluster and as
/// one JSON file per workload in the local store.
/// </summary>
public sealed record BifrostProfile
{
    public const string Group = "bifrost.io";
    public const string Version = "v1alpha1";
    public const string Plural = "bifrostprofiles";
    public const string KindName = "BifrostProfile";

    public string ApiVersion { get; init; } = $"{Group}/{Version}";
    public string Kind { get; init; } = KindName;
    public required ObjectMeta Metadata { get; init; }
    public required BifrostProfileSpec Spec { get; init; }
    public BifrostProfileStatus Status { get; init; } = new();

    /// <summary>The object's name for a workload: <c>&lt;kind&gt;-&lt;name&gt;</c>, lowercase, within Kubernetes' 253 characters.</summary>
    public static string NameFor(WorkloadIdentity workload)
    {
        var name = $"{workload.Kind.ToLowerInvariant()}-{workload.Name}";
        return name.Length <= 253 ? name : name[..240] + "-" + AppArmor.ProfileNames.ShortHash(name, 12);
    }
}

/// <summary>The parts of Kubernetes object metadata that Bifrost reads and writes.</summary>
public sealed record ObjectMeta
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public string? ResourceVersion { get; init; }
    public string? Uid { get; init; }

    /// <summary>Set by the API server and raised on every change to the spec; status changes leave it alone.</summary>
    public long? Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
