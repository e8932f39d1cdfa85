using System.Text.Json.Serialization;
using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Profiles;

/// <summary>
/// The <c>bifrostnodes.bifrost.io/v1alpha1</c> object: cluster-scoped, one per node, written by that node's agent.
/// The controller's enforce gate reads it: an enforce profile is used only once every Linux node reports it
/// <see cref="NodeProfileState.Loaded"/>. One object per node keeps each small however many nodes there are.
/// </summary>
public sealed record BifrostNode
{
    public const string Plural = "bifrostnodes";
    public const string KindName = "BifrostNode";

    public string ApiVersion { get; init; } = $"{BifrostProfile.Group}/{BifrostProfile.Version}";
    public string Kind { get; init; } = KindName;
    public required ObjectMeta Metadata { get; init; }
    public BifrostNodeStatus Status { get; init; } = new();
}

public sealed record BifrostNodeStatus
{
    /// <summary>True once the agent has every profile the node needs.</summary>
    public bool Ready { get; init; }

    /// <summary>Whether the kernel enforces AppArmor; where it does not, profiles are only compiled.</summary>
    public bool AppArmorEnabled { get; init; }

    /// <summary>Where audit records are read from: netlink, auditd-log, kmsg, or none.</summary>
    public string? AuditSource { get; init; }

    /// <summary>The node's kernel release, and whether it has BTF and the cgroup v2 hierarchy the tracer needs; null from older agents.</summary>
    public string? KernelRelease { get; init; }
    public bool? Btf { get; init; }
    public bool? CgroupV2 { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public IReadOnlyList<NodeProfileStatus> Profiles { get; init; } = [];

    /// <summary>Set once the agent has cleaned the node for an uninstall; null otherwise.</summary>
    public NodeUninstallStatus? Uninstall { get; init; }
}

public sealed record NodeProfileStatus
{
    public required string Name { get; init; }
    public required string Hash { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<ProfileMode>))]
    public required ProfileMode Mode { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<NodeProfileState>))]
    public required NodeProfileState State { get; init; }

    /// <summary>The parser's message for an error.</summary>
    public string? Message { get; init; }
}

public enum NodeProfileState
{
    Pending,

    /// <summary>In the kernel, with the name, mode and hash verified against the kernel's profile list.</summary>
    Loaded,

    /// <summary>Compiled by apparmor_parser on a machine whose kernel has no AppArmor; never counts as loaded in a cluster.</summary>
    Compiled,

    Error,
}
