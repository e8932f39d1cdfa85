using Bifrost.Cli.Manifests;

namespace Bifrost.Cli.Tests.Manifests;

public sealed class YamlChunkTests
{
    [Fact]
    public void Split_AtMarkers_KeepsEveryCharacterAndCountsLines()
    {
        const string text = "a: 1\n---\nb: 2\nc: 3\n--- # third\nd: |\n  --- not a marker\n";

        var chunks = YamlChunk.Split(text);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Marker + c.Body)));
        Assert.Equal([1, 2, 5], chunks.Select(c => c.FirstLine));
        Assert.Equal(" # third\nd: |\n  --- not a marker\n", chunks[2].Body);
    }

    [Fact]
    public void Split_LeadingMarker_GivesAnEmptyFirstChunk()
    {
        var chunks = YamlChunk.Split("---\nkind: Pod\n");

        Assert.Equal(2, chunks.Count);
        Assert.Equal("", chunks[0].Body);
        Assert.Equal("\nkind: Pod\n", chunks[1].Body);
    }

    [Fact]
    public void LeadingTrivia_IsTheCommentsBeforeTheContent()
    {
        var chunk = new YamlChunk("---", " # web\n\n# more\nkind: Pod\n# inside\n", 4);

        Assert.Equal(" # web\n\n# more\n", chunk.LeadingTrivia());
    }
}
