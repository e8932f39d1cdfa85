using System.Text.Encodings.Web;
using System.Text.Json;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Core.Tests.Support;

namespace Bifrost.Core.Tests.Audit;

/// <summary>
/// One folder per record shape under Audit/Cases: input.log holds record lines as a node produces them, expected.json
/// what the parser makes of each line (null for a line that is not an AppArmor access record). Set
/// BIFROST_UPDATE_GOLDEN=1 to rewrite expected.json after an intended change, then review the diff.
/// </summary>
public sealed class AuditCaseTests
{
    private static readonly string CasesDirectory = Path.Combine(Repository.Path("tests", "Bifrost.Core.Tests"), "Audit", "Cases");

    private static readonly JsonSerializerOptions Indented = new(ObservationJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Cases() => GoldenFiles.CaseNames(CasesDirectory);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Case_MatchesGoldenRecords(string name)
    {
        var dir = Path.Combine(CasesDirectory, name);
        var lines = File.ReadAllText(Path.Combine(dir, "input.log")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var actual = JsonSerializer.SerializeToNode(lines.Select(AuditRecordParser.Parse).ToArray(), Indented)!;

        GoldenFiles.AssertJson(Path.Combine(dir, "expected.json"), actual, Indented);
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
