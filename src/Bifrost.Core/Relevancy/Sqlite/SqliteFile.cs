using System.Buffers.Binary;
using System.Text;

namespace Bifrost.Core.Relevancy.Sqlite;

/// <summary>
/// A read-only reader of a SQLite database held in memory (https://www.sqlite.org/fileformat.html), enough to read every
/// row of a table: the file header, the schema on page 1, table b-trees with their overflow pages, and the committed
/// pages of the write-ahead log beside the file (<see cref="SqliteWal"/>). Indexes, free pages and pointer maps are never
/// visited. Every page number, offset and length is checked and every walk is bounded, so a malformed file gives a
/// <see cref="SqliteFormatException"/> that says what is wrong, never a hang.
/// </summary>
internal sealed class SqliteFile
{
    private const int FileHeaderSize = 100;
    private const byte InteriorTable = 0x05;
    private const byte LeafTable = 0x0D;

    // SQLite itself refuses b-trees deeper than 20 levels.
    private const int MaxDepth = 20;

    private readonly byte[] file;
    private readonly SqliteWal wal;
    private readonly int usable;
    private readonly Encoding text;

    private SqliteFile(byte[] file, SqliteWal wal, int pageSize, int usable, uint pageCount, Encoding text)
    {
        this.file = file;
        this.wal = wal;
        PageSize = pageSize;
        this.usable = usable;
        PageCount = pageCount;
        this.text = text;
    }

    public int PageSize { get; }

    /// <summary>The database's size in pages, the write-ahead log's last commit included.</summary>
    public uint PageCount { get; }

    /// <summary>How many pages the write-ahead log supplied in place of the file's.</summary>
    public int PagesFromLog => wal.Pages.Count;

    /// <param name="database">The database file's bytes.</param>
    /// <param name="log">The bytes of its <c>-wal</c> file, when there is one.</param>
    public static SqliteFile Read(byte[] database, byte[]? log = null)
    {
        var wal = log is null ? SqliteWal.Empty : SqliteWal.Read(log);
        var first = wal.Pages.TryGetValue(1, out var logged) ? logged.Span : database;
        if (first.Length < FileHeaderSize)
            throw new SqliteFormatException($"the file has {first.Length} bytes, too few for the {FileHeaderSize}-byte SQLite header");
        if (!first.StartsWith("SQLite format 3\0"u8))
            throw new SqliteFormatException("the file does not start with \"SQLite format 3\"");

        var stored = BinaryPrimitives.ReadUInt16BigEndian(first[16..]);
        var pageSize = stored == 1 ? 65536 : stored;
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            throw new SqliteFormatException($"the header gives the page size {pageSize}, not a power of two from 512 to 65536");
        if (wal.PageCount > 0 && wal.PageSize != pageSize)
            throw new SqliteFormatException($"the write-ahead log's pages have {wal.PageSize} bytes, the database's {pageSize}");
        var usable = pageSize - first[20];
        if (usable < 480)
            throw new SqliteFormatException($"the header reserves {first[20]} bytes of each {pageSize}-byte page, leaving fewer than 480");

        var text = BinaryPrimitives.ReadUInt32BigEndian(first[56..]) switch
        {
            0 or 1 => Encoding.UTF8,
            2 => Encoding.Unicode,
            3 => Encoding.BigEndianUnicode,
            var other => throw new SqliteFormatException($"the header gives the unknown text encoding {other}"),
        };

        return new SqliteFile(database, wal, pageSize, usable, wal.PageCount > 0 ? wal.PageCount : FilePageCount(first, database, pageSize), text);
    }

    /// <summary>Every row of the table, in rowid order.</summary>
    /// <exception cref="SqliteFormatException">The schema has no such table, or its pages are malformed.</exception>
    public IReadOnlyList<SqliteRow> Rows(string table)
    {
        var entry = Walk(1, "the schema").FirstOrDefault(row =>
            row.Values.Count >= 4 && row.Values[0] is "table" && row.Values[1] is string name && string.Equals(name, table, StringComparison.OrdinalIgnoreCase))
            ?? throw new SqliteFormatException($"the schema has no table {table}");
        if (entry.Values[3] is not long root || root < 1 || root > PageCount)
            throw new SqliteFormatException($"the schema gives table {table} the root page {entry.Values[3] ?? "null"}, outside pages 1 to {PageCount}");
        return Walk((uint)root, $"table {table}");
    }

    /// <summary>
    /// The size in pages the header records (valid when the change counter matches the version-valid-for number), else
    /// as many whole pages as the file holds. A file shorter than the header says is caught when a missing page is read.
    /// </summary>
    private static uint FilePageCount(ReadOnlySpan<byte> header, byte[] database, int pageSize)
    {
        var recorded = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        var valid = BinaryPrimitives.ReadUInt32BigEndian(header[24..]) == BinaryPrimitives.ReadUInt32BigEndian(header[92..]);
        return valid && recorded > 0 ? recorded : (uint)(database.Length / pageSize);
    }

    private List<SqliteRow> Walk(uint root, string tree)
    {
        var rows = new List<SqliteRow>();
        var visited = new HashSet<uint>();
        var pending = new Stack<(uint Page, int Depth)>();
        pending.Push((root, 1));
        while (pending.TryPop(out var next))
        {
            var (number, depth) = next;
            if (!visited.Add(number))
                throw new SqliteFormatException($"{tree}: page {number} is reached twice (the b-tree loops)");
            if (depth > MaxDepth)
                throw new SqliteFormatException($"{tree}: the b-tree is deeper than {MaxDepth} levels at page {number}");

            var page = Page(number, tree);
            var where = $"{tree}, page {number}";
            var start = number == 1 ? FileHeaderSize : 0;
            var type = page[start];
            if (type is not (InteriorTable or LeafTable))
                throw new SqliteFormatException($"{where}: the page type is 0x{type:x2}, not a table b-tree page");
            var headerSize = type == InteriorTable ? 12 : 8;
            var cells = BinaryPrimitives.ReadUInt16BigEndian(page[(start + 3)..]);
            if (start + headerSize + (2 * cells) > usable)
                throw new SqliteFormatException($"{where}: {cells} cells do not fit the page");

            var children = new List<uint>();
            for (var i = 0; i < cells; i++)
            {
                var cell = (int)BinaryPrimitives.ReadUInt16BigEndian(page[(start + headerSize + (2 * i))..]);
                if (cell < start + headerSize + (2 * cells) || cell >= usable)
                    throw new SqliteFormatException($"{where}: cell {i} starts at byte {cell}, outside the cell content area");
                if (type == InteriorTable)
                {
                    if (cell + 4 > usable)
                        throw new SqliteFormatException($"{where}: cell {i} runs past the page");
                    children.Add(Child(BinaryPrimitives.ReadUInt32BigEndian(page[cell..]), where));
                }
                else
                    rows.Add(Row(page, cell, where));
            }

            if (type == InteriorTable)
                children.Add(Child(BinaryPrimitives.ReadUInt32BigEndian(page[(start + 8)..]), where));

            // Pushed in reverse so the leftmost child is read first and rows come in rowid order.
            for (var i = children.Count - 1; i >= 0; i--)
                pending.Push((children[i], depth + 1));
        }

        return rows;
    }

    private uint Child(uint number, string where) =>
        number >= 1 && number <= PageCount ? number : throw new SqliteFormatException($"{where}: a child pointer names page {number}, outside pages 1 to {PageCount}");

    /// <summary>A table leaf cell: the payload size and the rowid as varints, the payload's local part, then the first overflow page.</summary>
    private SqliteRow Row(ReadOnlySpan<byte> page, int cell, string where)
    {
        var area = page[..usable];
        var size = SqliteRecord.Varint(area, cell, out var offset, where);
        var rowId = SqliteRecord.Varint(area, offset, out offset, where);
        if (size < 0 || size > (long)PageCount * usable)
            throw new SqliteFormatException($"{where}: row {rowId} claims a payload of {size} bytes, more than the database holds");

        var payload = new byte[size];
        var local = LocalSize(size);
        if (offset + local + (local < size ? 4 : 0) > usable)
            throw new SqliteFormatException($"{where}: row {rowId}'s payload runs past the page");
        area.Slice(offset, local).CopyTo(payload);
        if (local < size)
            Overflow(BinaryPrimitives.ReadUInt32BigEndian(area[(offset + local)..]), payload.AsSpan(local), $"{where}, row {rowId}");

        return new SqliteRow(rowId, SqliteRecord.Decode(payload, text, $"{where}, row {rowId}"));
    }

    /// <summary>How much of a payload stays on the leaf page: all of it up to X = U-35, else K or M as the file format gives them.</summary>
    private int LocalSize(long size)
    {
        var most = usable - 35;
        if (size <= most)
            return (int)size;
        var least = ((usable - 12) * 32 / 255) - 23;
        var k = least + (int)((size - least) % (usable - 4));
        return k <= most ? k : least;
    }

    /// <summary>Fills the rest of a payload from its chain of overflow pages: each starts with the next page's number, then U-4 bytes of content.</summary>
    private void Overflow(uint number, Span<byte> rest, string where)
    {
        var visited = new HashSet<uint>();
        while (rest.Length > 0)
        {
            if (number < 1 || number > PageCount)
                throw new SqliteFormatException($"{where}: the overflow chain names page {number}, outside pages 1 to {PageCount}, with {rest.Length} bytes still to read");
            if (!visited.Add(number))
                throw new SqliteFormatException($"{where}: the overflow chain reaches page {number} twice (it loops)");
            var page = Page(number, where);
            var take = Math.Min(rest.Length, usable - 4);
            page.Slice(4, take).CopyTo(rest);
            rest = rest[take..];
            number = BinaryPrimitives.ReadUInt32BigEndian(page);
        }
    }

    private ReadOnlySpan<byte> Page(uint number, string where)
    {
        if (number < 1 || number > PageCount)
            throw new SqliteFormatException($"{where}: page {number} is outside pages 1 to {PageCount}");
        if (wal.Pages.TryGetValue(number, out var logged))
            return logged.Span;
        var offset = (long)(number - 1) * PageSize;
        if (offset + PageSize > file.Length)
            throw new SqliteFormatException($"{where}: page {number} lies beyond the end of the file ({file.Length} bytes; is it truncated?)");
        return file.AsSpan((int)offset, PageSize);
    }
}
