using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bifrost.Cli.Manifests;

/// <summary>
/// Writes a JSON tree as one block-style YAML document, keys in order. Strings that would read back as
/// numbers, booleans or null are quoted; multi-line strings use literal blocks; long lines are never folded.
/// </summary>
internal static class YamlWriter
{
    private static readonly EmitterSettings Settings = new EmitterSettings()
        .WithBestWidth(int.MaxValue)
        .WithNewLine("\n");

    public static string Write(JsonNode? root)
    {
        using var text = new StringWriter();
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        WriteNode(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonObject map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    emitter.Emit(String(key));
                    WriteNode(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                    WriteNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                emitter.Emit(value.GetValueKind() switch
                {
                    JsonValueKind.String => String(value.GetValue<string>()),
                    JsonValueKind.True => Plain("true"),
                    JsonValueKind.False => Plain("false"),
                    JsonValueKind.Null => Plain("null"),
                    _ => Plain(value.ToJsonString()),
                });
                break;
        }
    }

    private static Scalar Plain(string text) =>
        new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    private static Scalar String(string text)
    {
        var style = YamlScalars.NeedsQuotes(text) ? ScalarStyle.SingleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true);
    }
}
