using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bifrost.Core.Tests.Support;

/// <summary>
/// Golden cases: one folder per case, an expected file beside the inputs. With BIFROST_UPDATE_GOLDEN=1 the expected
/// file is rewritten from what the code produces now, for review in the diff.
/// </summary>
internal static class GoldenFiles
{
    private static bool Updating => Environment.GetEnvironmentVariable("BIFROST_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> CaseNames(string casesDirectory) =>
        [.. Directory.GetDirectories(casesDirectory).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    public static void AssertText(string expectedPath, string actual)
    {
        if (Updating)
            File.WriteAllText(expectedPath, actual);
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with BIFROST_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    public static void AssertJson(string expectedPath, JsonNode actual, JsonSerializerOptions indented)
    {
        if (Updating)
            File.WriteAllText(expectedPath, actual.ToJsonString(indented) + "\n");
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with BIFROST_UPDATE_GOLDEN=1 to create it");
        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"differs from {expectedPath}:\n{actual.ToJsonString(indented)}");
    }
}
