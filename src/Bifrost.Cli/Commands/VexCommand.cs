using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Cli.CommandLine;
using Bifrost.Cli.Manifests;
using Bifrost.Cli.Vex;
using Bifrost.Core.Relevancy;
using YamlDotNet.Core;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost vex</c>: turns a scanner's report and what a container was seen using into an OpenVEX document that marks
/// the vulnerabilities of packages whose code never ran as <c>not_affected</c>, so Trivy and Grype leave them out.
/// </summary>
internal sealed class VexCommand : ICommand
{
    /// <summary>Exit code when the observations are incomplete (or hold no code) and --allow-incomplete was not given.</summary>
    public const int Refused = ExitCodes.Finding;

    // PURLs keep their '&' and '+' readable; the document is never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Command Create(CliConsole console)
    {
        var report = Text("--report", "FILE", "Grype or Trivy JSON, also inside kubevuln's wrapper (under \"Content\")");
        var packages = new Option<bool>("--packages") { Description = "list the image's packages as used or not; no report, no document", Arity = ArgumentArity.Zero };
        var sbom = Text("--sbom", "FILE", "the image's Syft JSON SBOM (with its file records)");
        var rootfs = Text("--rootfs", "DIR", "the image unpacked: its dpkg, apk or rpm database is read (rpm's rpmdb.sqlite; not the Berkeley DB of RHEL 7 and 8 nor SUSE's ndb)");
        var seen = Text("--seen", "FILE", "what was seen: a list of paths (one per line), the output of 'bifrost learn --format observations', a BifrostProfile (YAML or JSON) or a Kubescape ContainerProfile or ApplicationProfile");
        var container = Text("--container", "NAME", "only this container's files (default: every container in --seen)");
        var product = Text("--product", "ID", "the image as the VEX product (default: pkg:oci/NAME@DIGEST from the report)");
        var author = Text("--author", "TEXT", "the document's author (default: Bifrost)");
        var allowIncomplete = new Option<bool>("--allow-incomplete")
        {
            Description = "write the document although the profile is still learning, partial or dropped events (the statements may then be wrong)",
            Arity = ArgumentArity.Zero,
        };
        var output = new Option<string>("--output", "-o") { Description = "write the document (or the list) to FILE instead of standard output", HelpName = "FILE" };

        var command = new BifrostCommand("vex", "Write OpenVEX marking vulnerabilities of packages a container never used as not affected")
        {
            Details = """
              bifrost vex --report FILE (--sbom FILE | --rootfs DIR) --seen FILE [-o FILE] [options]
              bifrost vex --packages (--sbom FILE | --rootfs DIR) --seen FILE [-o FILE] [options]

            Reads a vulnerability report on an image, the image's packages (--sbom or --rootfs) and the files a container
            of it was seen using (--seen), and writes an OpenVEX v0.2.0 document: a not_affected statement
            (vulnerable_code_not_in_execute_path) for each vulnerability whose package had no code executed or mapped.
            Only code counts as use: programs, shared objects, interpreter modules and jars; configuration and data files
            do not. Packages that were used, or that cannot be judged, get no statement. Give the document to the scanner
            that made the report:
              trivy image --vex bifrost.vex.json IMAGE        grype IMAGE --vex bifrost.vex.json
            The figures before and after go to standard error.

            With --packages instead of --report, no document is written: every package of the image is listed, one a line
            as STATE<TAB>NAME<TAB>VERSION, STATE being used, unused or unknown (its files are not known and some code seen
            has no owner), with the counts on standard error.
            """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Input],
        };
        foreach (var option in new Option[] { report, packages, sbom, rootfs, seen, container, product, author, allowIncomplete, output })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(author) is { Length: 0 })
                throw new UsageException("--author, --product and --container must not be empty");
            var arguments = VexArguments.Create(new VexArguments
            {
                Report = result.GetValue(report),
                Packages = result.GetValue(packages),
                Sbom = result.GetValue(sbom),
                Rootfs = result.GetValue(rootfs),
                Seen = result.GetValue(seen) ?? "",
                Output = result.GetValue(output),
                Container = result.GetValue(container),
                Product = result.GetValue(product),
                Author = result.GetValue(author) ?? "",
                AllowIncomplete = result.GetValue(allowIncomplete),
            });
            try
            {
                return await RunAsync(arguments, console, cancellationToken).ConfigureAwait(false);
            }
            catch (VexInputException e)
            {
                await console.Error.WriteLineAsync($"bifrost vex: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Input;
            }
        });
        return command;
    }

    private static Option<string> Text(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private static async Task<int> RunAsync(VexArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var report = arguments.Report is { } reportPath
            ? Read(reportPath, ScanReports.Parse, await ReadText(reportPath, console, cancellationToken).ConfigureAwait(false))
            : null;
        var seen = Read(arguments.Seen, text => SeenFiles.Parse(AsJsonOrList(text), arguments.Container), await ReadText(arguments.Seen, console, cancellationToken).ConfigureAwait(false));
        var (database, files) = await ReadPackages(arguments, console, cancellationToken).ConfigureAwait(false);

        if (seen.Problems.Count > 0)
        {
            foreach (var problem in seen.Problems)
                await console.Error.WriteLineAsync($"bifrost vex: {arguments.Seen}: {problem}").ConfigureAwait(false);
            if (!arguments.AllowIncomplete)
            {
                await console.Error.WriteLineAsync("bifrost vex: refusing to judge packages from incomplete observations; --allow-incomplete judges them anyway").ConfigureAwait(false);
                return Refused;
            }
        }

        var usage = UsageMapper.Map(database, seen.Files, files);
        if (usage.CodeFilesSeen == 0)
        {
            await console.Error.WriteLineAsync($"bifrost vex: {arguments.Seen}: no executed or mapped code among {seen.Files.Count} files seen; refusing to call every package unused").ConfigureAwait(false);
            return Refused;
        }

        if (report is null)
            return await WritePackages(arguments, console, usage, seen, cancellationToken).ConfigureAwait(false);

        var product = arguments.Product ?? (report.Image is { } image ? PackageUrl.ForImage(image) ?? image : null)
            ?? throw new VexInputException($"{arguments.Report}: the report names no image; give the image with --product");
        var observed = $"{usage.CodeFilesSeen} code file{(usage.CodeFilesSeen == 1 ? "" : "s")} seen in {seen.Source}" +
            (seen.Window.IsKnown ? ", " + seen.Window.Describe() : ", observation window not recorded");
        var (document, summary) = OpenVexDocument.Build(report, usage, new VexOptions
        {
            Product = product,
            Author = arguments.Author,
            Timestamp = TimeProvider.System.GetUtcNow(),
            Observed = observed,
        });

        await WriteOutput(arguments, console, document.ToJsonString(Indented) + "\n", cancellationToken).ConfigureAwait(false);
        await WriteSummary(console.Error, report, database, usage, summary, product, document).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<(PackageDatabase Database, ImageDirectory? Files)> ReadPackages(VexArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        if (arguments.Sbom is { } sbom)
            return (Read(sbom, SyftSbom.Parse, await ReadText(sbom, console, cancellationToken).ConfigureAwait(false)), null);
        var rootfs = arguments.Rootfs!;
        if (!Directory.Exists(rootfs))
            throw new VexInputException($"{rootfs}: no such directory");
        var files = new ImageDirectory(rootfs);
        try
        {
            return (PackageDatabases.Read(files)
                ?? throw new VexInputException($"{rootfs}: no package database (none of /var/lib/dpkg, /lib/apk/db/installed, /var/lib/rpm/rpmdb.sqlite, /usr/lib/sysimage/rpm/rpmdb.sqlite)"), files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PackageDatabaseException)
        {
            throw new VexInputException($"{rootfs}: {e.Message}", e);
        }
    }

    /// <summary>
    /// <c>--packages</c>: every installed package, one a line as <c>STATE NAME VERSION</c> separated by tabs (STATE is
    /// used, unused or unknown, as <see cref="PackageUsage.Classify"/> judges it), and the counts on standard error.
    /// </summary>
    private static async Task<int> WritePackages(VexArguments arguments, CliConsole console, PackageUsage usage, SeenInput seen, CancellationToken cancellationToken)
    {
        var rows = usage.Database.Packages
            .Select(p => (Use: usage.Classify(p.Name, p.Type), p.Name, p.Version))
            .Distinct()
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Version, StringComparer.Ordinal)
            .ToList();
        var text = string.Concat(rows.Select(r => $"{r.Use.ToString().ToLowerInvariant()}\t{r.Name}\t{r.Version}\n"));
        await WriteOutput(arguments, console, text, cancellationToken).ConfigureAwait(false);

        var error = console.Error;
        await error.WriteLineAsync($"bifrost vex: {usage.Database.Packages.Count} packages in the {usage.Database.Source}, {usage.CodeFilesSeen} code files seen in {seen.Source}" +
            (seen.Window.IsKnown ? ", " + seen.Window.Describe() : "")).ConfigureAwait(false);
        await WriteUsage(error, usage).ConfigureAwait(false);
        await error.WriteLineAsync(
            $"bifrost vex: packages: {rows.Count(r => r.Use == PackageUse.Used)} used, {rows.Count(r => r.Use == PackageUse.Unused)} not used, {rows.Count(r => r.Use == PackageUse.Unknown)} unknown").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task WriteOutput(VexArguments arguments, CliConsole console, string text, CancellationToken cancellationToken)
    {
        if (arguments.Output is not { } output)
        {
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return;
        }

        try
        {
            await File.WriteAllTextAsync(output, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VexInputException($"cannot write {output}: {e.Message}", e);
        }
    }

    private static async Task WriteUsage(TextWriter error, PackageUsage usage)
    {
        await error.WriteLineAsync($"bifrost vex: used: {(usage.Used.Count == 0 ? "none" : string.Join(", ", usage.Used.Keys))}").ConfigureAwait(false);
        foreach (var file in usage.Unattributed)
            await error.WriteLineAsync($"bifrost vex: {file.Path}: {file.Reason}; packages whose files are not known are left unjudged").ConfigureAwait(false);
        foreach (var note in usage.Notes)
            await error.WriteLineAsync($"bifrost vex: note: {note}").ConfigureAwait(false);
    }

    private static async Task WriteSummary(TextWriter error, ScanReport report, PackageDatabase database, PackageUsage usage, VexSummary summary, string product, JsonObject document)
    {
        await error.WriteLineAsync($"bifrost vex: {report.Scanner} report on {product}; {database.Packages.Count} packages in the {database.Source}, {usage.CodeFilesSeen} code files seen").ConfigureAwait(false);
        await WriteUsage(error, usage).ConfigureAwait(false);
        await error.WriteLineAsync($"bifrost vex: {((JsonArray)document["statements"]!).Count} statements; {summary}").ConfigureAwait(false);
    }

    /// <summary>YAML (a BifrostProfile as kubectl prints it) becomes JSON; a path list and JSON pass as they are.</summary>
    private static string AsJsonOrList(string text)
    {
        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (first is null || first.StartsWith('/') || first.StartsWith('{') || first.StartsWith('['))
            return text;
        try
        {
            return YamlReader.Read(text, out var present) is { } node && present
                ? node.ToJsonString()
                : throw new FormatException("neither a path list, JSON nor a YAML document");
        }
        catch (YamlException e)
        {
            throw new FormatException($"neither a path list, JSON nor valid YAML: {e.Message}", e);
        }
    }

    private static T Read<T>(string path, Func<string, T> parse, string text)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new VexInputException($"{(path == InputFiles.StandardInput ? "stdin" : path)}: {(e.InnerException is JsonException json ? JsonErrors.Plain(json) : e.Message)}", e);
        }
    }

    private static async Task<string> ReadText(string path, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return path == "-"
                ? await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VexInputException($"cannot read {path}: {e.Message}", e);
        }
    }
}
