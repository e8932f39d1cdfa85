namespace Bifrost.Webhook.Profiles;

/// <summary>Where profiles live without a cluster. Bound from <c>Bifrost:Profiles</c>; ignored when the CRD is used.</summary>
internal sealed record ProfileStoreOptions
{
    public const string SectionName = "Bifrost:Profiles";

    /// <summary>Root of the local store (one JSON file per workload), relative to the working directory unless absolute.</summary>
    public string Directory { get; init; } = Path.Combine("artifacts", "profiles");

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
            yield return "Bifrost:Profiles:Directory must name a directory, got an empty value.";
        else if (Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            yield return $"Bifrost:Profiles:Directory is not a valid path: '{Directory}'.";
    }
}
