using Bifrost.Core.Audit;
using CsCheck;

namespace Bifrost.Core.Tests.Audit;

public sealed class AuditRecordParserPropertyTests
{
    private static readonly string[] RealLines = [.. Directory
        .GetFiles(Path.Combine(Repository.Path("tests", "Bifrost.Core.Tests"), "Audit", "Cases"), "input.log", SearchOption.AllDirectories)
        .SelectMany(File.ReadAllLines)
        .Where(line => line.Length > 0)];

    /// <summary>Characters that matter to the tokenizer, over-represented so the generator hits the edge cases.</summary>
    private static readonly Gen<char> Interesting = Gen.OneOf(Gen.Char, Gen.Char['\u0000', '\u007f'], Gen.OneOfConst('=', '"', ' ', '(', ')', ':', '\u001d', '/', 'A', '0'));

    [Fact]
    public void Parse_ArbitraryText_NeverThrows()
    {
        Gen.String[Interesting, 0, 400].Sample(line => _ = AuditRecordParser.Parse(line), iter: 20_000);
    }

    [Fact]
    public void Parse_RealLinesCutAndSplicedAnywhere_NeverThrows()
    {
        var gen = from line in Gen.OneOfConst(RealLines)
                  from cut in Gen.Int[0, line.Length]
                  from insert in Gen.String[Interesting, 0, 12]
                  select line[..cut] + insert + line[cut..];
        gen.Sample(line => _ = AuditRecordParser.Parse(line), iter: 20_000);
    }

    [Fact]
    public void Parse_RealLinesTruncated_KeepTheProfileTheyStillName()
    {
        var gen = from line in Gen.OneOfConst(RealLines)
                  from cut in Gen.Int[0, line.Length]
                  select line[..cut];
        gen.Sample(line =>
        {
            var record = AuditRecordParser.Parse(line);
            return record is null || line.Contains($"profile=\"{record.Label}", StringComparison.Ordinal);
        }, iter: 5_000);
    }

    [Fact]
    public void Parse_FieldsInAnyOrder_GiveTheSameRecord()
    {
        const string Fields = "apparmor=\"DENIED\" operation=\"open\" profile=\"bifrost_a\" name=\"/etc/shadow\" pid=7 comm=\"cat\" requested_mask=\"r\" denied_mask=\"r\"";
        var expected = AuditRecordParser.Parse(Fields);
        var parts = Fields.Split(' ');

        Gen.Shuffle(parts).Sample(order => AuditRecordParser.Parse(string.Join(' ', order)) == expected, iter: 500);
    }
}
