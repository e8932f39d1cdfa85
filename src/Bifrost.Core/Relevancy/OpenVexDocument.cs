using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// Builds an OpenVEX v0.2.0 document from a scanner's report and the packages a container used: one
/// <c>not_affected</c> statement, justified <c>vulnerable_code_not_in_execute_path</c>, per vulnerability with at least
/// one package that was not used; those packages are its subcomponents, named by the report's own PURLs (scanners match
/// a subcomponent by type, namespace, name, version and the qualifiers it has). Used and unknown packages get nothing.
/// </summary>
public static class OpenVexDocument
{
    public const string Context = "https://openvex.dev/ns/v0.2.0";
    public const string NotAffected = "not_affected";
    public const string Justification = "vulnerable_code_not_in_execute_path";

    public static (JsonObject Document, VexSummary Summary) Build(ScanReport report, PackageUsage usage, VexOptions options)
    {
        var uses = new Dictionary<(string, string?), PackageUse>();
        PackageUse UseOf(Finding f)
        {
            if (!uses.TryGetValue((f.PackageName, f.PackageType), out var use))
                uses[(f.PackageName, f.PackageType)] = use = usage.Classify(f.PackageName, f.PackageType);
            return use;
        }

        var suppressed = new HashSet<Finding>();
        var statements = new JsonArray();
        foreach (var group in report.Findings.GroupBy(f => f.VulnerabilityId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var unused = group.Where(f => UseOf(f) == PackageUse.Unused && PurlOf(f, usage) is not null).ToList();
            if (unused.Count == 0)
                continue;
            suppressed.UnionWith(unused);
            var names = unused.Select(f => f.PackageName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            statements.Add(new JsonObject
            {
                ["vulnerability"] = new JsonObject { ["name"] = group.Key },
                ["products"] = new JsonArray(new JsonObject
                {
                    ["@id"] = options.Product,
                    ["subcomponents"] = new JsonArray([.. unused.Select(f => PurlOf(f, usage)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                        .Select(purl => (JsonNode)new JsonObject { ["@id"] = purl })]),
                }),
                ["status"] = NotAffected,
                ["justification"] = Justification,
                ["impact_statement"] = $"No code of {string.Join(", ", names)} was executed or mapped by the container: {options.Observed}.",
            });
        }

        var timestamp = options.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        // The @id follows from what the document says, not from when it was written: the same observations of the same
        // image give the same document identity, and a changed statement a new one.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(options.Product + "\n" + statements.ToJsonString()));
        var document = new JsonObject
        {
            ["@context"] = Context,
            ["@id"] = "urn:bifrost:vex:" + Convert.ToHexStringLower(digest),
            ["author"] = options.Author,
            ["timestamp"] = timestamp,
            ["version"] = 1,
            ["tooling"] = "bifrost vex",
            ["statements"] = statements,
        };
        return (document, Summarise(report, suppressed, UseOf));
    }

    private static string? PurlOf(Finding finding, PackageUsage usage) =>
        finding.Purl ?? usage.Database.Packages.FirstOrDefault(p => p.Name == finding.PackageName && p.Version == finding.PackageVersion)?.Purl;

    private static VexSummary Summarise(ScanReport report, HashSet<Finding> suppressed, Func<Finding, PackageUse> useOf)
    {
        var remaining = report.Findings.Where(f => !suppressed.Contains(f)).ToList();
        var severe = report.Findings.Where(f => f.IsCriticalOrHigh).Select(f => f.VulnerabilityId).ToHashSet(StringComparer.Ordinal);
        var ids = report.Findings.Select(f => f.VulnerabilityId).ToHashSet(StringComparer.Ordinal);
        var idsAfter = remaining.Select(f => f.VulnerabilityId).ToHashSet(StringComparer.Ordinal);
        var packages = report.Findings.DistinctBy(f => (f.PackageName, f.PackageVersion, f.PackageType)).Select(useOf).ToList();
        return new VexSummary
        {
            FindingsBefore = report.Findings.Count,
            FindingsAfter = remaining.Count,
            IdsBefore = ids.Count,
            IdsAfter = idsAfter.Count,
            CriticalHighIdsBefore = ids.Count(severe.Contains),
            CriticalHighIdsAfter = idsAfter.Count(severe.Contains),
            PackagesUsed = packages.Count(u => u == PackageUse.Used),
            PackagesUnused = packages.Count(u => u == PackageUse.Unused),
            PackagesUnknown = packages.Count(u => u == PackageUse.Unknown),
        };
    }
}
