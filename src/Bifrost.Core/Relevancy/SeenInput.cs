namespace Bifrost.Core.Relevancy;

/// <summary>What a container was seen using, read by <see cref="SeenFiles.Parse"/>, with what the input says about its completeness.</summary>
public sealed record SeenInput
{
    /// <summary>The kind of input in words: <c>path list</c>, <c>observations</c>, <c>BifrostProfile default/deployment-web</c>.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<SeenFile> Files { get; init; }

    public ObservationWindow Window { get; init; } = new(null, null, null);

    /// <summary>Why the observations may be incomplete (still learning, partial, dropped events); empty when nothing says so.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
