using System.Buffers.Binary;
using System.Text;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>
/// Hand-made SQLite files of 512-byte pages, for the shapes real SQLite never writes (loops, pages out of range):
/// page 1 holds the schema with the one table <c>Packages</c> at a given root page, the other pages are given.
/// </summary>
internal static class SqliteBytes
{
    public const int PageSize = 512;

    public static byte[] File(uint packagesRoot, params byte[][] pages)
    {
        var schema = Record("table", "Packages", "Packages", (long)packagesRoot, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
        var first = Page(0x0D, 100, 0, [Cell(1, schema)]);
        Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(first, 0);
        BinaryPrimitives.WriteUInt16BigEndian(first.AsSpan(16), PageSize);
        first[18] = first[19] = 1;
        (first[21], first[22], first[23]) = (64, 32, 32);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(24), 1);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(28), (uint)(pages.Length + 1));
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(44), 4);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(92), 1);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(96), 3045000);
        return [.. first, .. pages.SelectMany(p => p)];
    }

    public static byte[] Leaf(params byte[][] cells) => Page(0x0D, 0, 0, cells);

    public static byte[] Interior(uint right, params (uint Child, long Key)[] cells) =>
        Page(0x05, 0, right, [.. cells.Select(c => (byte[])[.. BigEndian(c.Child), .. Varint(c.Key)])]);

    /// <summary>An overflow page: the next page's number (0 for the last), then content.</summary>
    public static byte[] Overflow(uint next, ReadOnlySpan<byte> content)
    {
        var page = new byte[PageSize];
        BinaryPrimitives.WriteUInt32BigEndian(page, next);
        content.CopyTo(page.AsSpan(4));
        return page;
    }

    /// <summary>A table leaf cell whose payload fits the page.</summary>
    public static byte[] Cell(long rowId, byte[] record) => [.. Varint(record.Length), .. Varint(rowId), .. record];

    /// <summary>A table leaf cell of which only <paramref name="local"/> bytes stay on the page, the rest beginning on page <paramref name="overflow"/>.</summary>
    public static byte[] Cell(long rowId, byte[] record, int local, uint overflow) =>
        [.. Varint(record.Length), .. Varint(rowId), .. record.AsSpan(0, local), .. BigEndian(overflow)];

    public static byte[] Record(params object?[] values)
    {
        var types = new List<byte>();
        var body = new List<byte>();
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    types.AddRange(Varint(0));
                    break;
                case long number:
                    types.AddRange(Varint(6));
                    var eight = new byte[8];
                    BinaryPrimitives.WriteInt64BigEndian(eight, number);
                    body.AddRange(eight);
                    break;
                case string text:
                    var utf8 = Encoding.UTF8.GetBytes(text);
                    types.AddRange(Varint(13 + (2 * utf8.Length)));
                    body.AddRange(utf8);
                    break;
                case byte[] blob:
                    types.AddRange(Varint(12 + (2 * blob.Length)));
                    body.AddRange(blob);
                    break;
                default:
                    throw new ArgumentException($"no serial type for {value.GetType().Name}", nameof(values));
            }
        }

        // The header size counts itself; every header here is shorter than 128 bytes, so it takes one byte.
        return [(byte)(types.Count + 1), .. types, .. body];
    }

    private static byte[] Page(byte type, int start, uint right, byte[][] cells)
    {
        var page = new byte[PageSize];
        var header = type == 0x05 ? 12 : 8;
        page[start] = type;
        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(start + 3), (ushort)cells.Length);
        if (type == 0x05)
            BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(start + 8), right);
        var content = PageSize;
        for (var i = 0; i < cells.Length; i++)
        {
            content -= cells[i].Length;
            cells[i].CopyTo(page, content);
            BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(start + header + (2 * i)), (ushort)content);
        }

        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(start + 5), (ushort)content);
        return page;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>A SQLite varint for values below 2^56: seven bits a byte, most significant first.</summary>
    private static byte[] Varint(long value)
    {
        var groups = new List<byte> { (byte)(value & 0x7F) };
        for (value >>= 7; value > 0; value >>= 7)
            groups.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. groups];
    }
}
