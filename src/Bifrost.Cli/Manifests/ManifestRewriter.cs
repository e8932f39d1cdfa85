using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Bifrost.Cli.Manifests;

/// <summary>
/// Runs a change over every object of a manifest file and writes the file back in its own format.
/// Documents the change leaves alone are copied as written, byte for byte; only changed ones are re-emitted.
/// </summary>
internal static partial class ManifestRewriter
{
    private static readonly JsonDocumentOptions JsonInput = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions JsonOutput = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ManifestFormat Detect(string text) =>
        text.AsSpan().TrimStart(" \t\r\n\uFEFF") is ['{' or '[', ..] ? ManifestFormat.Json : ManifestFormat.Yaml;

    /// <summary>The rewritten text; <paramref name="change"/> returns true when it changed the object.</summary>
    /// <exception cref="ManifestException">A document cannot be read; the message names it.</exception>
    public static string Rewrite(string text, ManifestFormat format, Func<JsonObject, bool> change) =>
        format == ManifestFormat.Json ? RewriteJson(text, change) : RewriteYaml(text, change);

    private static string RewriteYaml(string text, Func<JsonObject, bool> change)
    {
        var output = new System.Text.StringBuilder(text.Length + 1024);
        var index = 0;
        foreach (var chunk in YamlChunk.Split(text))
        {
            JsonNode? root;
            bool present;
            try
            {
                root = YamlReader.Read(chunk.Body, out present);
            }
            catch (YamlException e)
            {
                var line = chunk.FirstLine + (int)e.Start.Line - 1;
                throw new ManifestException(
                    $"document {index + 1}{Describe(chunk.Body)}: line {line}, column {e.Start.Column}: {BareMessage(e)}", e);
            }

            if (present)
                index++;
            if (!present || root is null || !change(AsObject(root, index)))
            {
                output.Append(chunk.Marker).Append(chunk.Body);
                continue;
            }

            var trivia = chunk.LeadingTrivia();
            output.Append(chunk.Marker);
            if (chunk.Marker.Length > 0 && trivia.Length == 0)
                output.Append('\n');
            output.Append(trivia).Append(YamlWriter.Write(root));
        }

        return output.ToString();
    }

    private static string RewriteJson(string text, Func<JsonObject, bool> change)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: JsonInput);
        }
        catch (JsonException e)
        {
            throw new ManifestException(
                $"document 1{Describe(text)}: line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
        }

        var changed = false;
        if (root is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
                changed |= change(AsObject(items[i], i + 1));
        }
        else
        {
            changed = change(AsObject(root, 1));
        }

        return changed ? root!.ToJsonString(JsonOutput) + "\n" : text;
    }

    private static JsonObject AsObject(JsonNode? node, int index) =>
        node as JsonObject ?? throw new ManifestException(
            $"document {index}: expected a Kubernetes object (a mapping), got {(node is JsonArray ? "a list" : node is null ? "null" : "a scalar")}");

    /// <summary>", Deployment/web" when the text names its kind and name, so a broken document can be found.</summary>
    private static string Describe(string text)
    {
        var kind = KindLine().Match(text);
        var name = NameLine().Match(text);
        return (kind.Success, name.Success) switch
        {
            (true, true) => $" ({kind.Groups[1].Value}/{name.Groups[1].Value})",
            (true, false) => $" ({kind.Groups[1].Value})",
            _ => "",
        };
    }

    private static string BareMessage(YamlException e) => YamlLocation().Replace(e.Message, "");

    [GeneratedRegex(@"^\s*""?kind""?\s*:\s*""?([A-Za-z0-9]+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    // The first two-space-indented name, which in a manifest is metadata.name.
    [GeneratedRegex(@"^(?:  |\s*"")name""?\s*:\s*[""']?([a-z0-9][a-z0-9.-]*)", RegexOptions.Multiline)]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlLocation();
}
