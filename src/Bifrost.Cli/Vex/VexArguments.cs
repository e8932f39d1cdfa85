namespace Bifrost.Cli.Vex;

/// <summary>The command line of <c>bifrost vex</c>, checked together before any file is read.</summary>
internal sealed record VexArguments
{
    /// <summary>The scanner's report; null with <see cref="Packages"/>, which needs none.</summary>
    public string? Report { get; init; }

    /// <summary>List the image's packages as used or not instead of writing a VEX document.</summary>
    public bool Packages { get; init; }

    public string? Sbom { get; init; }
    public string? Rootfs { get; init; }
    public required string Seen { get; init; }
    public string? Output { get; init; }
    public string? Container { get; init; }
    public string? Product { get; init; }

    /// <summary>The document's author; empty as given means the default, Bifrost.</summary>
    public string Author { get; init; } = "Bifrost";

    public bool AllowIncomplete { get; init; }

    /// <summary>
    /// Checks the options together; throws <see cref="UsageException"/> for a combination that cannot run.
    /// An <see cref="Author"/> of "" stands for an author that was not given.
    /// </summary>
    public static VexArguments Create(VexArguments given)
    {
        var authorGiven = given.Author.Length > 0;
        if (given.Packages && (given.Report is not null || given.Product is not null || authorGiven))
            throw new UsageException("--packages lists packages without a report: --report, --product and --author do not go with it");
        if (!given.Packages && string.IsNullOrEmpty(given.Report))
            throw new UsageException("--report FILE is required (a Grype or Trivy JSON report), or --packages to list the packages used");
        if ((given.Sbom is null) == (given.Rootfs is null))
            throw new UsageException("give one of --sbom FILE (a Syft JSON SBOM) and --rootfs DIR (the image unpacked)");
        if (string.IsNullOrEmpty(given.Seen))
            throw new UsageException("--seen FILE is required (a path list, observations or a profile)");
        if (given.Product is { Length: 0 } || given.Container is { Length: 0 })
            throw new UsageException("--author, --product and --container must not be empty");
        return given with { Author = authorGiven ? given.Author : "Bifrost" };
    }
}
