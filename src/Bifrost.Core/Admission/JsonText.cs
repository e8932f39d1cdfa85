using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bifrost.Core.Admission;

/// <summary>
/// Questions about parsed JSON that tolerate missing and oddly typed fields: a property of something that is not an
/// object is absent, a value that is not a string has no text. Read straight from the parsed bytes, building no nodes.
/// </summary>
internal static class JsonText
{
    /// <summary>The property <paramref name="name"/> of <paramref name="owner"/> when it is an object that has it.</summary>
    public static JsonElement? Property(JsonElement? owner, string name) =>
        owner is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value) ? value : null;

    /// <summary>The property <paramref name="name"/> (UTF-8, as a literal is) of <paramref name="owner"/> when it is an object that has it.</summary>
    public static JsonElement? Property(JsonElement? owner, ReadOnlySpan<byte> name) =>
        owner is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? Object(JsonElement? owner, ReadOnlySpan<byte> name) =>
        Property(owner, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static string? Text(JsonElement? owner, ReadOnlySpan<byte> name) => Text(Property(owner, name));

    public static bool IsTrue(JsonElement? owner, ReadOnlySpan<byte> name) => Property(owner, name)?.ValueKind == JsonValueKind.True;

    /// <summary>The property when it is an object.</summary>
    public static JsonElement? Object(JsonElement? owner, string name) =>
        Property(owner, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    /// <summary>The text of a property that is a string; null when absent or of another kind.</summary>
    public static string? Text(JsonElement? owner, string name) => Text(Property(owner, name));

    public static string? Text(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>Whether a property is <c>true</c> (not a string that says so).</summary>
    public static bool IsTrue(JsonElement? owner, string name) => Property(owner, name)?.ValueKind == JsonValueKind.True;

    /// <summary>The same JSON as <paramref name="node"/>, for a pod given as nodes rather than parsed from a review.</summary>
    public static JsonElement ToElement(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            node.WriteTo(writer);
        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
