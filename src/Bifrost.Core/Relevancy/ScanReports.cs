using System.Text.Json;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// Reads Grype JSON (<c>matches</c>), Trivy JSON (<c>SchemaVersion</c> and <c>Results</c>) and either inside
/// kubevuln's wrapper (the report under <c>Content</c>, the image reference in <c>ID</c>).
/// </summary>
public static class ScanReports
{
    /// <exception cref="FormatException">The text is not JSON or not a report of a known scanner.</exception>
    public static ScanReport Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            string? wrapperImage = null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Content", out var content) && content.ValueKind == JsonValueKind.Object)
            {
                wrapperImage = Text(root, "ID");
                root = content;
            }

            var report = root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("matches", out var matches) && matches.ValueKind == JsonValueKind.Array ? Grype(root, matches)
                : root.TryGetProperty("Results", out _) && root.TryGetProperty("SchemaVersion", out _) ? Trivy(root)
                : null;
            if (report is null)
                throw new FormatException("not a Grype or Trivy JSON report (no 'matches', no 'SchemaVersion' and 'Results'), nor one wrapped under 'Content'");
            return report.Image is null && !string.IsNullOrEmpty(wrapperImage) ? report with { Image = wrapperImage } : report;
        }
    }

    private static ScanReport Grype(JsonElement root, JsonElement matches)
    {
        var findings = new List<Finding>();
        foreach (var match in matches.EnumerateArray())
        {
            if (!match.TryGetProperty("vulnerability", out var vulnerability) || !match.TryGetProperty("artifact", out var artifact))
                continue;
            var purl = Text(artifact, "purl");
            findings.Add(new Finding
            {
                VulnerabilityId = Text(vulnerability, "id") ?? "",
                Severity = Text(vulnerability, "severity") ?? "Unknown",
                PackageName = Text(artifact, "name") ?? "",
                PackageVersion = Text(artifact, "version") ?? "",
                PackageType = PackageUrl.Type(purl) ?? Text(artifact, "type"),
                Purl = string.IsNullOrEmpty(purl) ? null : purl,
            });
        }

        string? image = null;
        if (root.TryGetProperty("source", out var source) && Text(source, "type") == "image" && source.TryGetProperty("target", out var target))
        {
            var input = Text(target, "userInput");
            var repoDigest = target.TryGetProperty("repoDigests", out var digests) && digests.ValueKind == JsonValueKind.Array
                ? digests.EnumerateArray().Select(d => d.GetString()).FirstOrDefault(d => !string.IsNullOrEmpty(d))
                : null;
            var manifest = Text(target, "manifestDigest");
            image = input is { Length: > 0 } && input.Contains("@sha256:", StringComparison.Ordinal) ? input
                : repoDigest
                ?? (input is { Length: > 0 } && manifest is { Length: > 0 } ? $"{WithoutTag(input)}@{manifest}" : null)
                ?? (input is { Length: > 0 } ? input : null);
        }

        return new ScanReport { Scanner = "grype", Image = image, Findings = findings.Where(f => f.VulnerabilityId.Length > 0).ToList() };
    }

    private static ScanReport Trivy(JsonElement root)
    {
        var findings = new List<Finding>();
        if (root.GetProperty("Results") is { ValueKind: JsonValueKind.Array } results)
        {
            foreach (var result in results.EnumerateArray())
            {
                if (!result.TryGetProperty("Vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var vulnerability in vulnerabilities.EnumerateArray())
                {
                    var purl = vulnerability.TryGetProperty("PkgIdentifier", out var identifier) ? Text(identifier, "PURL") : null;
                    findings.Add(new Finding
                    {
                        VulnerabilityId = Text(vulnerability, "VulnerabilityID") ?? "",
                        Severity = Text(vulnerability, "Severity") ?? "UNKNOWN",
                        PackageName = Text(vulnerability, "PkgName") ?? "",
                        PackageVersion = Text(vulnerability, "InstalledVersion") ?? "",
                        PackageType = PackageUrl.Type(purl),
                        Purl = string.IsNullOrEmpty(purl) ? null : purl,
                    });
                }
            }
        }

        string? image = null;
        if (root.TryGetProperty("Metadata", out var metadata) && metadata.TryGetProperty("RepoDigests", out var digests) && digests.ValueKind == JsonValueKind.Array)
            image = digests.EnumerateArray().Select(d => d.GetString()).FirstOrDefault(d => !string.IsNullOrEmpty(d));
        image ??= Text(root, "ArtifactName") is { Length: > 0 } name && Text(root, "ArtifactType") is null or "container_image" ? name : null;
        return new ScanReport { Scanner = "trivy", Image = image, Findings = findings.Where(f => f.VulnerabilityId.Length > 0).ToList() };
    }

    private static string WithoutTag(string reference)
    {
        var slash = reference.LastIndexOf('/');
        var colon = reference.IndexOf(':', slash + 1);
        return colon < 0 ? reference : reference[..colon];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
