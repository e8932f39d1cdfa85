namespace Bifrost.Core.Relevancy;

/// <summary>
/// The packages one container's code came from, in one image: what a node agent read from the image's package
/// database through a running container's <c>/proc/&lt;pid&gt;/root</c> and matched against the container's learned
/// observations. Carried in a BifrostProfile's status per container and image digest.
/// </summary>
public sealed record ImagePackages
{
    /// <summary>The image by digest, as the kubelet reports it (<c>status.containerStatuses[].imageID</c>).</summary>
    public required string Image { get; init; }

    /// <summary>Where the packages were read from: <c>dpkg database</c>, <c>apk database</c>, <c>rpm database</c>.</summary>
    public required string Database { get; init; }

    public required int Installed { get; init; }

    /// <summary>The packages whose code the container executed or mapped, by name.</summary>
    public required IReadOnlyList<UsedPackage> Used { get; init; }

    /// <summary>Code files among the container's observations.</summary>
    public int CodeFiles { get; init; }

    /// <summary>Code seen that no package owns (a static or Go binary, a jar): the mapping is incomplete for it.</summary>
    public int Unattributed { get; init; }

    /// <summary>The observation window the packages were matched against: learning start, and its end once stable.</summary>
    public DateTimeOffset? ObservedFrom { get; init; }

    public DateTimeOffset? ObservedTo { get; init; }

    /// <summary>Pods the container's observations came from.</summary>
    public int Pods { get; init; }

    /// <summary>A tracer attached late or could not attach: the observations may miss code the container ran.</summary>
    public bool Partial { get; init; }

    public long DroppedEvents { get; init; }

    /// <summary>The node whose agent read the database, and when these findings were first read (a read that finds the same changes nothing).</summary>
    public string? Node { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Whether this entry says the same as <paramref name="other"/>, ignoring who read it and when.</summary>
    public bool SameFindings(ImagePackages other) =>
        this with { Node = null, UpdatedAt = null, Used = [] } == other with { Node = null, UpdatedAt = null, Used = [] }
        && Used.SequenceEqual(other.Used);
}

/// <summary>A package a container used: its name and version as the image's database has them, and its PURL.</summary>
public sealed record UsedPackage(string Name, string Version, string? Purl);

/// <summary>A node agent's finding for one container of a workload, as <c>packages</c> reports carry it.</summary>
public sealed record ContainerPackages(string Container, ImagePackages Packages);
