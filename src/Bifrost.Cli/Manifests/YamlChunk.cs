namespace Bifrost.Cli.Manifests;

/// <summary>
/// One document of a YAML stream as written: the <c>---</c> marker that opened it (empty for the first),
/// its text, and the line the chunk starts on, so errors point at the line in the whole file.
/// </summary>
internal sealed record YamlChunk(string Marker, string Body, int FirstLine)
{
    /// <summary>Splits a stream at <c>---</c> lines. Block scalars in manifests are indented, so a marker at column 0 always separates documents.</summary>
    public static IReadOnlyList<YamlChunk> Split(string text)
    {
        var chunks = new List<YamlChunk>();
        var marker = "";
        var bodyStart = 0;
        var firstLine = 1;
        var line = 1;
        for (var start = 0; start < text.Length; line++)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            if (IsMarker(text.AsSpan(start, (end < 0 ? text.Length : end) - start)))
            {
                chunks.Add(new YamlChunk(marker, text[bodyStart..start], firstLine));
                marker = "---";
                bodyStart = start + 3;
                firstLine = line;
            }

            start = next;
        }

        chunks.Add(new YamlChunk(marker, text[bodyStart..], firstLine));
        return chunks;
    }

    private static bool IsMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');

    /// <summary>The blank and comment lines the body starts with, kept when the document is rewritten.</summary>
    public string LeadingTrivia()
    {
        var keep = 0;
        var body = Body.AsSpan();
        while (keep < body.Length)
        {
            var end = body[keep..].IndexOf('\n');
            var lineText = end < 0 ? body[keep..] : body.Slice(keep, end);
            var trimmed = lineText.TrimStart(" \t\r");
            if (trimmed.Length > 0 && trimmed[0] != '#')
                break;
            if (end < 0)
                return Body;
            keep += end + 1;
        }

        return Body[..keep];
    }
}
