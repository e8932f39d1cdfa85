using Bifrost.Core.Relevancy.Sqlite;
using CsCheck;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>The SQLite reader on hand-made files (<see cref="SqliteBytes"/>): what it reads, and the clear error for what it cannot.</summary>
public sealed class SqliteFileTests
{
    // For 512-byte pages without reserved bytes (U = 512) a payload of 2000 bytes keeps K = M + (P - M) % (U - 4) bytes on
    // its leaf, M = ((U - 12) * 32 / 255) - 23 = 39, so K = 39 + 1961 % 508 = 476 (not above X = U - 35 = 477), and the
    // other 1524 bytes fill exactly three overflow pages of U - 4 = 508.
    private const int OverflowPayload = 2000;
    private const int OverflowLocal = 476;

    [Fact]
    public void Rows_HandMadeTable_GivesRowIdAndColumns()
    {
        var file = SqliteFile.Read(SqliteBytes.File(2, SqliteBytes.Leaf(
            SqliteBytes.Cell(1, SqliteBytes.Record(null, new byte[] { 1, 2, 3 })),
            SqliteBytes.Cell(5, SqliteBytes.Record(null, "text", 42L)))));

        var rows = file.Rows("Packages");

        Assert.Equal(2u, file.PageCount);
        Assert.Equal([1L, 5L], rows.Select(r => r.RowId));
        Assert.Equal(new byte[] { 1, 2, 3 }, rows[0].Values[1]);
        Assert.Equal([null, "text", 42L], rows[1].Values);
    }

    [Fact]
    public void Rows_InteriorPage_GivesItsChildrensRowsInOrder()
    {
        var file = SqliteFile.Read(SqliteBytes.File(2,
            SqliteBytes.Interior(4, (3, 1)),
            SqliteBytes.Leaf(SqliteBytes.Cell(1, SqliteBytes.Record(null, "a"))),
            SqliteBytes.Leaf(SqliteBytes.Cell(2, SqliteBytes.Record(null, "b")))));

        Assert.Equal(["a", "b"], file.Rows("Packages").Select(r => (string)r.Values[1]!));
    }

    [Fact]
    public void Rows_PayloadLargerThanThePage_IsJoinedFromItsOverflowChain()
    {
        var blob = Enumerable.Range(0, OverflowPayload - 4).Select(i => (byte)i).ToArray();
        var record = SqliteBytes.Record(null, blob);
        Assert.Equal(OverflowPayload, record.Length);

        var file = SqliteFile.Read(SqliteBytes.File(2,
            SqliteBytes.Leaf(SqliteBytes.Cell(1, record, OverflowLocal, 3)),
            SqliteBytes.Overflow(4, record.AsSpan(OverflowLocal, 508)),
            SqliteBytes.Overflow(5, record.AsSpan(OverflowLocal + 508, 508)),
            SqliteBytes.Overflow(0, record.AsSpan(OverflowLocal + 1016))));

        Assert.Equal(blob, file.Rows("Packages").Single().Values[1]);
    }

    [RequiresFact("sqlite3")]
    public async Task File_HandMade_IsOneSqliteItselfReads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bifrost-sqlite-{Guid.NewGuid():N}.sqlite");
        var record = SqliteBytes.Record(null, Enumerable.Range(0, OverflowPayload - 4).Select(i => (byte)i).ToArray());
        await File.WriteAllBytesAsync(path, SqliteBytes.File(2,
            SqliteBytes.Interior(6, (3, 1)),
            SqliteBytes.Leaf(SqliteBytes.Cell(1, record, OverflowLocal, 4)),
            SqliteBytes.Overflow(5, record.AsSpan(OverflowLocal, 508)),
            SqliteBytes.Overflow(7, record.AsSpan(OverflowLocal + 508, 508)),
            SqliteBytes.Leaf(SqliteBytes.Cell(2, SqliteBytes.Record(null, "b"))),
            SqliteBytes.Overflow(0, record.AsSpan(OverflowLocal + 1016))));
        try
        {
            var result = await Processes.RunAsync("sqlite3", [path, "PRAGMA integrity_check; SELECT hnum, length(blob) FROM Packages;"]);

            Assert.Equal("ok\n1|1996\n2|1\n", result.Stdout);
            Assert.Equal([1996, 1], SqliteFile.Read(await File.ReadAllBytesAsync(path)).Rows("Packages").Select(r => r.Values[1] is byte[] b ? b.Length : ((string)r.Values[1]!).Length));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_NotSqlite_SaysSo()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(new byte[4096]));

        Assert.Contains("does not start with \"SQLite format 3\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedInsideTheHeader_SaysSo()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(2, SqliteBytes.Leaf())[..60]));

        Assert.Equal("the file has 60 bytes, too few for the 100-byte SQLite header", error.Message);
    }

    [Fact]
    public void Rows_TruncatedAfterPageOne_SaysThePageLiesBeyondTheEnd()
    {
        var bytes = SqliteBytes.File(2, SqliteBytes.Leaf(SqliteBytes.Cell(1, SqliteBytes.Record(null, "a"))));

        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(bytes[..700]).Rows("Packages"));

        Assert.Equal("table Packages: page 2 lies beyond the end of the file (700 bytes; is it truncated?)", error.Message);
    }

    [Fact]
    public void Rows_RootPageOutOfRange_SaysSo()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(9, SqliteBytes.Leaf())).Rows("Packages"));

        Assert.Equal("the schema gives table Packages the root page 9, outside pages 1 to 2", error.Message);
    }

    [Fact]
    public void Rows_ChildPointerOutOfRange_SaysSo()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(2, SqliteBytes.Interior(2000))).Rows("Packages"));

        Assert.Equal("table Packages, page 2: a child pointer names page 2000, outside pages 1 to 2", error.Message);
    }

    [Fact]
    public void Rows_BTreeThatLoops_IsAnErrorNotAHang()
    {
        var bytes = SqliteBytes.File(2, SqliteBytes.Interior(3, (2, 1)), SqliteBytes.Leaf());

        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(bytes).Rows("Packages"));

        Assert.Equal("table Packages: page 2 is reached twice (the b-tree loops)", error.Message);
    }

    [Fact]
    public void Rows_OverflowChainThatLoops_IsAnErrorNotAHang()
    {
        var record = SqliteBytes.Record(null, new byte[OverflowPayload - 4]);
        // Pages 4 and 5 only make the file large enough to hold the payload, which is checked first.
        var bytes = SqliteBytes.File(2, SqliteBytes.Leaf(SqliteBytes.Cell(1, record, OverflowLocal, 3)), SqliteBytes.Overflow(3, []), SqliteBytes.Leaf(), SqliteBytes.Leaf());

        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(bytes).Rows("Packages"));

        Assert.Equal("table Packages, page 2, row 1: the overflow chain reaches page 3 twice (it loops)", error.Message);
    }

    [Fact]
    public void Rows_PageThatIsNoTablePage_SaysItsType()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(2, new byte[SqliteBytes.PageSize])).Rows("Packages"));

        Assert.Equal("table Packages, page 2: the page type is 0x00, not a table b-tree page", error.Message);
    }

    [Fact]
    public void Rows_TableNotInTheSchema_SaysSo()
    {
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(2, SqliteBytes.Leaf())).Rows("Basenames"));

        Assert.Equal("the schema has no table Basenames", error.Message);
    }

    [Fact]
    public void Rows_RecordClaimingMoreThanItHolds_SaysSo()
    {
        byte[] record = [4, 0, 0x81, 0x00];
        var error = Assert.Throws<SqliteFormatException>(() => SqliteFile.Read(SqliteBytes.File(2, SqliteBytes.Leaf(SqliteBytes.Cell(1, record)))).Rows("Packages"));

        Assert.Contains("runs past the record's end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_AnyBytesChanged_AreReadOrAFormatError()
    {
        var record = SqliteBytes.Record(null, new byte[OverflowPayload - 4]);
        var file = SqliteBytes.File(2,
            SqliteBytes.Interior(4, (3, 1)),
            SqliteBytes.Leaf(SqliteBytes.Cell(1, record, OverflowLocal, 5)),
            SqliteBytes.Leaf(SqliteBytes.Cell(2, SqliteBytes.Record(null, "b"))),
            SqliteBytes.Overflow(6, record.AsSpan(OverflowLocal, 508)),
            SqliteBytes.Overflow(7, record.AsSpan(OverflowLocal + 508, 508)),
            SqliteBytes.Overflow(0, record.AsSpan(OverflowLocal + 1016)));

        Gen.Select(Gen.Int[0, file.Length - 1], Gen.Byte).Array[1, 4].Sample(changes =>
        {
            var changed = file.ToArray();
            foreach (var (position, value) in changes)
                changed[position] = value;
            try
            {
                _ = SqliteFile.Read(changed).Rows("Packages");
            }
            catch (SqliteFormatException)
            {
            }
        }, iter: 20_000);
    }
}
