using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Core.Tests.Support;
using Xunit;

namespace Bifrost.Core.Tests.Audit;

/// <summary>
/// One folder per record shape under Audit/Cases: input.log holds record lines as a node produces them, expected.json
/// what the parser makes of each line (null for a line that is not an AppArmor access record). Set
/// BIFROST_UPDATE_GOLDEN=1 to rewrite expected.json after an intended change, then review the diff.
/// </summary>
public sealed class AuditCaseTests
{
    private static readonly string CasesDirectory = Path.Combine(RepoPaths.TestProject, "Audit", "Cases");

    private static readonly JsonSerializerOptions Indented = new(ObservationJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesDirectory).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Case_MatchesGoldenRecords(string name)
    {
        var dir = Path.Combine(CasesDirectory, name);
        var lines = File.ReadAllText(Path.Combine(dir, "input.log")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var actual = JsonSerializer.SerializeToNode(lines.Select(AuditRecordParser.Parse).ToArray(), Indented)!;

        var expectedPath = Path.Combine(dir, "expected.json");
        if (Environment.GetEnvironmentVariable("BIFROST_UPDATE_GOLDEN") == "1")
            File.WriteAllText(expectedPath, actual.ToJsonString(Indented) + "\n");
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with BIFROST_UPDATE_GOLDEN=1 to create it");
        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"records differ from {expectedPath}:\n{actual.ToJsonString(Indented)}");
    }

    [Fact]
    public void Cases_EveryFolderHasInputAndExpectedRecords()
    {
        Assert.All(Directory.GetDirectories(CasesDirectory), dir =>
        {
            Assert.True(File.Exists(Path.Combine(dir, "input.log")), $"{dir} has no input.log");
            Assert.True(File.Exists(Path.Combine(dir, "expected.json")), $"{dir} has no expected.json");
        });
    }
}
