using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bifrost.Cli.Manifests;

/// <summary>
/// Reads one YAML document into a JSON tree in the order it was written. Quoted and block scalars stay strings,
/// plain scalars resolve as Kubernetes reads them (<see cref="YamlScalars"/>); anchors, aliases and
/// <c>&lt;&lt;</c> merge keys are expanded.
/// </summary>
internal sealed class YamlReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly IParser parser;
    private readonly bool yaml12Booleans;
    private readonly Dictionary<string, JsonNode?> anchors = new(StringComparer.Ordinal);

    private YamlReader(IParser parser, bool yaml12Booleans)
    {
        this.parser = parser;
        this.yaml12Booleans = yaml12Booleans;
    }

    /// <summary>The document's root, or <paramref name="present"/> false when the text holds only comments.</summary>
    /// <remarks>With <paramref name="yaml12Booleans"/>, only true and false are booleans, as kustomize reads its inputs.</remarks>
    /// <exception cref="YamlException">The text is not valid YAML or holds more than one document.</exception>
    public static JsonNode? Read(string text, out bool present, bool yaml12Booleans = false)
    {
        var reader = new YamlReader(new Parser(new StringReader(text)), yaml12Booleans);
        reader.parser.Consume<StreamStart>();
        present = reader.parser.Accept<DocumentStart>(out _);
        if (!present)
        {
            reader.parser.Consume<StreamEnd>();
            return null;
        }

        reader.parser.Consume<DocumentStart>();
        var root = reader.ReadNode();
        reader.parser.Consume<DocumentEnd>();
        if (reader.parser.Accept<DocumentStart>(out var extra))
            throw new YamlException(extra.Start, extra.End, "a second document where one was expected");
        reader.parser.Consume<StreamEnd>();
        return root;
    }

    private JsonNode? ReadNode()
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value} names no anchor");
        }

        var anchorEvent = parser.Current as NodeEvent;
        var node = parser.Current switch
        {
            Scalar => ReadScalar(parser.Consume<Scalar>()),
            SequenceStart => ReadSequence(),
            MappingStart => ReadMapping(),
            var other => throw new YamlException(other!.Start, other.End, $"unexpected {other.GetType().Name}"),
        };
        if (anchorEvent is { Anchor.IsEmpty: false })
            anchors[anchorEvent.Anchor.Value] = node?.DeepClone();
        return node;
    }

    private JsonNode? ReadScalar(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
            return JsonValue.Create(scalar.Value);
        return YamlScalars.ResolvePlain(scalar.Value, yaml12Booleans);
    }

    private JsonArray ReadSequence()
    {
        parser.Consume<SequenceStart>();
        var array = new JsonArray();
        while (!parser.TryConsume<SequenceEnd>(out _))
            array.Add(ReadNode());
        return array;
    }

    private JsonObject ReadMapping()
    {
        parser.Consume<MappingStart>();
        var map = new JsonObject();
        var merged = new List<JsonObject>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
                throw new YamlException(parser.Current!.Start, parser.Current.End, "a mapping key must be a scalar");
            var value = ReadNode();
            if (key is { Value: "<<", Style: ScalarStyle.Plain })
            {
                merged.AddRange(value switch
                {
                    JsonObject one => [one],
                    JsonArray many => many.OfType<JsonObject>(),
                    _ => throw new YamlException(key.Start, key.End, "a << merge key needs a mapping or a list of mappings"),
                });
                continue;
            }

            if (!map.TryAdd(key.Value, value))
                throw new YamlException(key.Start, key.End, $"duplicate key '{key.Value}'");
        }

        // Keys written in the mapping win over merged ones, and earlier merged mappings over later ones.
        foreach (var source in merged)
        {
            foreach (var (name, value) in source)
                map.TryAdd(name, value?.DeepClone());
        }

        return map;
    }
}
