using System.Text.Json.Nodes;
using Bifrost.Cli.Inject;

namespace Bifrost.Cli.Tests.Inject;

public sealed class JsonPatchApplierTests
{
    [Fact]
    public void Apply_AddOperations_AddMembersInsertAndAppend()
    {
        var doc = JsonNode.Parse("""{"metadata": {"annotations": {}}, "spec": {"list": ["b"]}}""")!;
        var patch = JsonNode.Parse("""
            [{"op": "add", "path": "/metadata/annotations/example.com~1key", "value": "v"},
             {"op": "add", "path": "/metadata/annotations/tilde~0name", "value": "t"},
             {"op": "add", "path": "/spec/list/0", "value": "a"},
             {"op": "add", "path": "/spec/list/-", "value": "c"},
             {"op": "add", "path": "/spec/new", "value": {"x": 1}}]
            """)!.AsArray();

        JsonPatchApplier.Apply(doc, patch);

        Assert.Equal(
            """{"metadata":{"annotations":{"example.com/key":"v","tilde~name":"t"}},"spec":{"list":["a","b","c"],"new":{"x":1}}}""",
            doc.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op": "add", "path": "/missing/child", "value": 1}]""", "'missing' does not exist")]
    [InlineData("""[{"op": "add", "path": "/list/5", "value": 1}]""", "not an index")]
    [InlineData("""[{"op": "add", "path": "/list/01", "value": 1}]""", "not an index")]
    [InlineData("""[{"op": "remove", "path": "/list/0"}]""", "only 'add'")]
    public void Apply_OperationThatCannotApply_IsRefused(string patch, string message)
    {
        var doc = JsonNode.Parse("""{"list": [1]}""")!;

        var error = Assert.Throws<InvalidOperationException>(() => JsonPatchApplier.Apply(doc, JsonNode.Parse(patch)!.AsArray()));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
