namespace Bifrost.Core.Relevancy;

/// <summary>What an OpenVEX document says besides its statements: whose it is, when, and about which image.</summary>
public sealed record VexOptions
{
    /// <summary>The image the statements are about, as the VEX product's <c>@id</c> (<c>pkg:oci/nginx@sha256%3A…</c>).</summary>
    public required string Product { get; init; }

    public string Author { get; init; } = "Bifrost";

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>What was seen, in words, for the impact statements (the input and its window).</summary>
    public required string Observed { get; init; }
}
