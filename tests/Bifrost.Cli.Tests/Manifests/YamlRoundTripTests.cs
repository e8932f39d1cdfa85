using System.Text.Json.Nodes;
using Bifrost.Cli.Manifests;
using CsCheck;
using YamlDotNet.Core;

namespace Bifrost.Cli.Tests.Manifests;

public sealed class YamlRoundTripTests
{
    [Fact]
    public void Read_QuotedScalars_StayStringsAndPlainOnesResolve()
    {
        var root = YamlReader.Read("""
            quoted: "8080"
            single: 'true'
            block: |
              42
            number: 8080
            fraction: 0.5
            flag: true
            legacyFlag: yes
            nothing: ~
            text: nginx:1.27
            tagged: !!str 10
            """, out _)!;

        Assert.Equal("8080", root["quoted"]!.GetValue<string>());
        Assert.Equal("true", root["single"]!.GetValue<string>());
        Assert.Equal("42\n", root["block"]!.GetValue<string>());
        Assert.Equal(8080, root["number"]!.GetValue<int>());
        Assert.Equal(0.5, root["fraction"]!.GetValue<double>());
        Assert.True(root["flag"]!.GetValue<bool>());
        Assert.True(root["legacyFlag"]!.GetValue<bool>());
        Assert.Null(root["nothing"]);
        Assert.Equal("nginx:1.27", root["text"]!.GetValue<string>());
        Assert.Equal("10", root["tagged"]!.GetValue<string>());
    }

    [Fact]
    public void Write_StringsThatLookLikeOtherTypes_AreQuoted()
    {
        var yaml = YamlWriter.Write(new JsonObject { ["port"] = "8080", ["on"] = "yes", ["empty"] = "", ["cpu"] = "20m", ["count"] = 3 });

        Assert.Equal("port: '8080'\n'on': 'yes'\nempty: ''\ncpu: 20m\ncount: 3\n", yaml);
    }

    [Fact]
    public void Write_KeysInTheirOriginalOrder()
    {
        var root = YamlReader.Read("zeta: 1\nalpha: 2\nmid: {b: 1, a: 2}\n", out _);

        Assert.Equal("zeta: 1\nalpha: 2\nmid:\n  b: 1\n  a: 2\n", YamlWriter.Write(root));
    }

    [Fact]
    public void Read_AnchorsAliasesAndMergeKeys_AreExpanded()
    {
        var root = YamlReader.Read("""
            base: &base {image: app:1, pullPolicy: Always}
            first: *base
            second:
              <<: *base
              pullPolicy: Never
            """, out _)!;

        Assert.Equal("app:1", (string?)root["first"]!["image"]);
        Assert.Equal("app:1", (string?)root["second"]!["image"]);
        Assert.Equal("Never", (string?)root["second"]!["pullPolicy"]);
    }

    [Fact]
    public void Read_DuplicateKey_IsAnErrorWithItsLine()
    {
        var error = Assert.Throws<YamlException>(() => YamlReader.Read("a: 1\nb: 2\na: 3\n", out _));

        Assert.Equal(3, error.Start.Line);
        Assert.Contains("duplicate key 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OnlyComments_HasNoDocument()
    {
        Assert.Null(YamlReader.Read("# nothing here\n\n", out var present));
        Assert.False(present);
    }

    [Fact]
    public void Write_ThenRead_ReturnsEveryString()
    {
        Gen.String.Sample(text =>
        {
            var back = YamlReader.Read(YamlWriter.Write(new JsonObject { ["value"] = text }), out _)!;
            return back["value"]?.GetValue<string>() == text;
        });
    }

    [Fact]
    public void Write_ThenRead_ReturnsTheSameTree()
    {
        var tree = JsonNode.Parse("""
            {"a": [1, 2.5, -3, true, false, null, "x", "", [], {}],
             "b": {"multi": "line one\nline two\n", "trailing": "ends with space ", "colon": "a: b", "hash": "#x", "dash": "- y"},
             "c": [{"name": "n", "value": "1e3"}, {"name": "o", "value": "0x1F"}, {"name": "p", "value": ".inf"}]}
            """);

        var back = YamlReader.Read(YamlWriter.Write(tree), out _);

        Assert.True(JsonNode.DeepEquals(tree, back), YamlWriter.Write(tree));
    }
}
