using System.Text.Json.Nodes;
using Bifrost.Cli.Manifests;

namespace Bifrost.Cli.Install;

/// <summary>The files of manifests/ that the CLI carries as resources, named by their path in the repository.</summary>
internal static class EmbeddedManifests
{
    public static string Read(string path)
    {
        using var stream = typeof(EmbeddedManifests).Assembly.GetManifestResourceStream(path)
            ?? throw new InvalidOperationException($"{path} is not built into this bifrost");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every document of the file, comments-only documents left out, read as kustomize reads it (plain <c>Off</c> is a string).</summary>
    public static IReadOnlyList<JsonObject> Documents(string path)
    {
        var documents = new List<JsonObject>();
        foreach (var chunk in YamlChunk.Split(Read(path)))
        {
            var node = YamlReader.Read(chunk.Body, out var present, yaml12Booleans: true);
            if (present)
                documents.Add(node as JsonObject ?? throw new InvalidOperationException($"{path}: a document that is not a mapping"));
        }

        return documents;
    }

    public static JsonObject Single(string path) => Documents(path) is [var only] ? only : throw new InvalidOperationException($"{path}: expected one document");
}
