using System.Text.Json.Serialization;

namespace Bifrost.Core.Observations;

/// <summary>
/// One thing a container was seen doing. The tracer produces these, the node agent turns AppArmor audit
/// records into them, and the profile generator turns a set of them into rules.
/// Serialised with a <c>kind</c> discriminator so reports stay readable and forward compatible.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(FileObservation), "file")]
[JsonDerivedType(typeof(ExecObservation), "exec")]
[JsonDerivedType(typeof(SocketObservation), "socket")]
[JsonDerivedType(typeof(CapabilityObservation), "capability")]
[JsonDerivedType(typeof(SignalObservation), "signal")]
[JsonDerivedType(typeof(PtraceObservation), "ptrace")]
[JsonDerivedType(typeof(MountObservation), "mount")]
public abstract record Observation
{
    /// <summary>The container the process belonged to (its name in the pod spec, or the local command's label).</summary>
    public required string Container { get; init; }
}

/// <summary>A file opened, created, removed, linked, locked or mapped executable. <see cref="Path"/> is absolute and resolved by the kernel.</summary>
public sealed record FileObservation : Observation
{
    public required string Path { get; init; }
    public required AccessMask Access { get; init; }
}

/// <summary>A program executed. For a script, <see cref="Path"/> is the script and <see cref="Interpreter"/> the program that ran it.</summary>
public sealed record ExecObservation : Observation
{
    public required string Path { get; init; }
    public string? Interpreter { get; init; }
}

/// <summary>A socket created, with the AF_UNIX path connected to or bound where there is one.</summary>
public sealed record SocketObservation : Observation
{
    /// <summary>Address family as AppArmor spells it: inet, inet6, unix, netlink, packet, …</summary>
    public required string Family { get; init; }

    /// <summary>Socket type as AppArmor spells it: stream, dgram, raw, seqpacket, rdm, packet.</summary>
    public required string Type { get; init; }

    public int Protocol { get; init; }

    /// <summary>For AF_UNIX: the filesystem path or the abstract name (starting with <c>@</c>).</summary>
    public string? UnixPath { get; init; }

    /// <summary>For AF_UNIX: <c>connect</c> or <c>bind</c>.</summary>
    public string? UnixOperation { get; init; }
}

/// <summary>A Linux capability the kernel checked. <see cref="Inferred"/> when deduced from a syscall's success rather than seen at the check.</summary>
public sealed record CapabilityObservation : Observation
{
    /// <summary>Lowercase name without the CAP_ prefix, as AppArmor spells it: chown, net_bind_service, …</summary>
    public required string Name { get; init; }

    public bool Inferred { get; init; }
}

/// <summary>A signal sent.</summary>
public sealed record SignalObservation : Observation
{
    public required int Signal { get; init; }

    /// <summary>Whether the receiving task was in the same pod (or the same traced cgroup locally).</summary>
    public bool SamePod { get; init; }
}

/// <summary>A ptrace attach or a read of another task's /proc entries.</summary>
public sealed record PtraceObservation : Observation
{
    /// <summary><c>read</c> or <c>trace</c>.</summary>
    public required string Mode { get; init; }

    public bool SamePod { get; init; }
}

/// <summary>A mount performed inside the container.</summary>
public sealed record MountObservation : Observation
{
    public string? Source { get; init; }
    public required string Target { get; init; }
    public string? FsType { get; init; }
}
