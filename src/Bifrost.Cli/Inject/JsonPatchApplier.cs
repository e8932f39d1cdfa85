using System.Globalization;
using System.Text.Json.Nodes;

namespace Bifrost.Cli.Inject;

/// <summary>
/// Applies the RFC 6902 <c>add</c> operations the webhook produces to a JSON tree in place: add or replace an
/// object member, insert at an array index, or append with <c>-</c>. Anything else is refused, never guessed.
/// </summary>
internal static class JsonPatchApplier
{
    public static void Apply(JsonNode root, JsonArray operations)
    {
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
                throw new InvalidOperationException("a patch operation must be a JSON object");
            var op = operation["op"]?.GetValue<string>();
            var path = operation["path"]?.GetValue<string>() ?? throw new InvalidOperationException("a patch operation has no path");
            if (op != "add")
                throw new InvalidOperationException($"only 'add' operations are supported, got '{op}' at {path}");
            Add(root, path, operation["value"]?.DeepClone());
        }
    }

    private static void Add(JsonNode root, string path, JsonNode? value)
    {
        if (path.Length == 0 || path[0] != '/')
            throw new InvalidOperationException($"'{path}' is not a JSON pointer to a member");
        var tokens = path[1..].Split('/').Select(Unescape).ToArray();
        var parent = root;
        foreach (var token in tokens[..^1])
        {
            parent = parent switch
            {
                JsonObject map when map[token] is { } child => child,
                JsonArray list when Index(token, list.Count - 1) is var i && list[i] is { } item => item,
                _ => throw new InvalidOperationException($"{path}: '{token}' does not exist"),
            };
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list when last == "-":
                list.Add(value);
                break;
            case JsonArray list:
                list.Insert(Index(last, list.Count), value);
                break;
            default:
                throw new InvalidOperationException($"{path}: the parent is not an object or array");
        }
    }

    private static int Index(string token, int max) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= max && (token == "0" || token[0] != '0')
            ? index
            : throw new InvalidOperationException($"'{token}' is not an index within 0..{max}");

    private static string Unescape(string token) =>
        token.Contains('~', StringComparison.Ordinal) ? token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : token;
}
