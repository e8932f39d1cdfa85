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
    public string Author { get; init; } = "Bifrost";
    public bool AllowIncomplete { get; init; }

    public static VexArguments Parse(IReadOnlyList<string> args)
    {
        string? report = null, sbom = null, rootfs = null, seen = null, output = null, container = null, product = null, author = null;
        var allowIncomplete = false;
        var packages = false;
        var reader = new ArgumentReader(args);
        while (reader.Next() is { } option)
        {
            switch (option)
            {
                case "--report":
                    report = reader.Value();
                    break;
                case "--sbom":
                    sbom = reader.Value();
                    break;
                case "--rootfs":
                    rootfs = reader.Value();
                    break;
                case "--seen":
                    seen = reader.Value();
                    break;
                case "-o" or "--output":
                    output = reader.Value();
                    break;
                case "--container":
                    container = reader.Value();
                    break;
                case "--product":
                    product = reader.Value();
                    break;
                case "--author":
                    author = reader.Value();
                    break;
                case "--packages":
                    packages = true;
                    break;
                case "--allow-incomplete":
                    allowIncomplete = true;
                    break;
                default:
                    throw new UsageException($"unknown option '{option}'");
            }
        }

        if (packages && (report ?? product ?? author) is not null)
            throw new UsageException("--packages lists packages without a report: --report, --product and --author do not go with it");
        if (!packages && string.IsNullOrEmpty(report))
            throw new UsageException("--report FILE is required (a Grype or Trivy JSON report), or --packages to list the packages used");
        if ((sbom is null) == (rootfs is null))
            throw new UsageException("give one of --sbom FILE (a Syft JSON SBOM) and --rootfs DIR (the image unpacked)");
        if (string.IsNullOrEmpty(seen))
            throw new UsageException("--seen FILE is required (a path list, observations or a profile)");
        if (author is { Length: 0 } || product is { Length: 0 } || container is { Length: 0 })
            throw new UsageException("--author, --product and --container must not be empty");
        return new VexArguments
        {
            Report = report,
            Packages = packages,
            Sbom = sbom,
            Rootfs = rootfs,
            Seen = seen,
            Output = output,
            Container = container,
            Product = product,
            Author = author ?? "Bifrost",
            AllowIncomplete = allowIncomplete,
        };
    }
}
