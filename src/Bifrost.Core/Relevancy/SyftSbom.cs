using System.Text.Json;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// The packages of a Syft JSON SBOM with their files: the files each package record lists (<c>metadata.files</c>, as
/// Syft copies them from the dpkg or apk database), the files a <c>contains</c> relationship gives it, and for
/// language packages (Go modules, jars, Python packages) the files Syft found them in (<c>locations</c>).
/// </summary>
public static class SyftSbom
{
    private static readonly HashSet<string> OsTypes = new(StringComparer.Ordinal) { "apk", "deb", "rpm" };

    /// <summary>True for a Syft JSON document: an object with <c>artifacts</c> and a Syft <c>descriptor</c> or <c>schema</c>.</summary>
    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("artifacts", out var artifacts) && artifacts.ValueKind == JsonValueKind.Array
        && (root.TryGetProperty("descriptor", out _) || root.TryGetProperty("schema", out _));

    /// <exception cref="FormatException">The text is not a Syft JSON SBOM.</exception>
    public static PackageDatabase Parse(string json)
    {
        using var document = Parse(json, out var root);
        var os = root.TryGetProperty("distro", out var distro) && Text(distro, "id") is { Length: > 0 } id ? new OsRelease(id, Text(distro, "versionID")) : null;

        var filePaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var needed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
        {
            foreach (var file in files.EnumerateArray())
            {
                if (Text(file, "id") is not { } fileId || !file.TryGetProperty("location", out var location) || Text(location, "path") is not { } path)
                    continue;
                filePaths[fileId] = path;
                if (file.TryGetProperty("executable", out var executable) && executable.ValueKind == JsonValueKind.Object
                    && executable.TryGetProperty("importedLibraries", out var imported) && imported.ValueKind == JsonValueKind.Array)
                    needed[path] = [.. imported.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!)];
            }
        }

        var contained = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("artifactRelationships", out var relationships) && relationships.ValueKind == JsonValueKind.Array)
        {
            foreach (var relationship in relationships.EnumerateArray())
            {
                if (Text(relationship, "type") == "contains" && Text(relationship, "parent") is { } parent
                    && Text(relationship, "child") is { } child && filePaths.TryGetValue(child, out var path))
                {
                    if (!contained.TryGetValue(parent, out var list))
                        contained[parent] = list = [];
                    list.Add(path);
                }
            }
        }

        var packages = new List<InstalledPackage>();
        foreach (var artifact in root.GetProperty("artifacts").EnumerateArray())
        {
            var type = Text(artifact, "type") ?? "";
            var owned = new List<string>();
            if (artifact.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("files", out var listed) && listed.ValueKind == JsonValueKind.Array)
                owned.AddRange(listed.EnumerateArray().Select(f => Text(f, "path")).OfType<string>());
            if (Text(artifact, "id") is { } artifactId && contained.TryGetValue(artifactId, out var paths))
                owned.AddRange(paths);
            if (!OsTypes.Contains(type) && artifact.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array)
                owned.AddRange(locations.EnumerateArray().Select(l => Text(l, "path")).OfType<string>());

            packages.Add(new InstalledPackage
            {
                Name = Text(artifact, "name") ?? "",
                Version = Text(artifact, "version") ?? "",
                Type = PackageUrl.Type(Text(artifact, "purl")) ?? type,
                Purl = Text(artifact, "purl") is { Length: > 0 } purl ? purl : null,
                Files = owned.Count == 0 ? null : [.. owned.Distinct(StringComparer.Ordinal)],
            });
        }

        return new PackageDatabase { Source = "Syft SBOM", Packages = packages, Os = os, Needed = needed };
    }

    private static JsonDocument Parse(string json, out JsonElement root)
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

        root = document.RootElement;
        if (!Detect(root))
        {
            document.Dispose();
            throw new FormatException("not a Syft JSON SBOM (no 'artifacts' list with a Syft 'descriptor')");
        }

        return document;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
