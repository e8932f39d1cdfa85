using System.Text;
using System.Text.Json.Nodes;

namespace Bifrost.Core.Admission;

/// <summary>Builds RFC 6902 operations. Only <c>add</c> is needed: Bifrost never removes or rewrites what a pod already has.</summary>
public sealed class JsonPatch
{
    private readonly JsonArray operations = [];

    public int Count => operations.Count;

    public void Add(string path, JsonNode? value) =>
        operations.Add(new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = value });

    public JsonArray ToJsonArray() => operations;

    /// <summary>Escapes one reference token of a JSON pointer (RFC 6901): '~' as '~0', '/' as '~1'.</summary>
    public static string Escape(string token)
    {
        if (token.AsSpan().IndexOfAny('~', '/') < 0)
            return token;
        var builder = new StringBuilder(token.Length + 4);
        foreach (var c in token)
        {
            _ = c switch
            {
                '~' => builder.Append("~0"),
                '/' => builder.Append("~1"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
