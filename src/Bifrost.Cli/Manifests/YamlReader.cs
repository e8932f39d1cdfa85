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

    private readonly IParser _parser;
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

    private YamlReader(IParser parser) => _parser = parser;

    /// <summary>The document's root, or <paramref name="present"/> false when the text holds only comments.</summary>
    /// <exception cref="YamlException">The text is not valid YAML or holds more than one document.</exception>
    public static JsonNode? Read(string text, out bool present)
    {
        var reader = new YamlReader(new Parser(new StringReader(text)));
        reader._parser.Consume<StreamStart>();
        present = reader._parser.Accept<DocumentStart>(out _);
        if (!present)
        {
            reader._parser.Consume<StreamEnd>();
            return null;
        }

        reader._parser.Consume<DocumentStart>();
        var root = reader.ReadNode();
        reader._parser.Consume<DocumentEnd>();
        if (reader._parser.Accept<DocumentStart>(out var extra))
            throw new YamlException(extra.Start, extra.End, "a second document where one was expected");
        reader._parser.Consume<StreamEnd>();
        return root;
    }

    private JsonNode? ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return _anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value} names no anchor");
        }

        var anchorEvent = _parser.Current as NodeEvent;
        var node = _parser.Current switch
        {
            Scalar => ReadScalar(_parser.Consume<Scalar>()),
            SequenceStart => ReadSequence(),
            MappingStart => ReadMapping(),
            var other => throw new YamlException(other!.Start, other.End, $"unexpected {other.GetType().Name}"),
        };
        if (anchorEvent is { Anchor.IsEmpty: false })
            _anchors[anchorEvent.Anchor.Value] = node?.DeepClone();
        return node;
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
            return JsonValue.Create(scalar.Value);
        return YamlScalars.ResolvePlain(scalar.Value);
    }

    private JsonArray ReadSequence()
    {
        _parser.Consume<SequenceStart>();
        var array = new JsonArray();
        while (!_parser.TryConsume<SequenceEnd>(out _))
            array.Add(ReadNode());
        return array;
    }

    private JsonObject ReadMapping()
    {
        _parser.Consume<MappingStart>();
        var map = new JsonObject();
        var merged = new List<JsonObject>();
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            if (!_parser.TryConsume<Scalar>(out var key))
                throw new YamlException(_parser.Current!.Start, _parser.Current.End, "a mapping key must be a scalar");
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
