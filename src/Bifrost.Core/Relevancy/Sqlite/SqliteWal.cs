using System.Buffers.Binary;

namespace Bifrost.Core.Relevancy.Sqlite;

/// <summary>
/// The committed pages of a write-ahead log (https://www.sqlite.org/fileformat.html#the_write_ahead_log): for each page
/// the latest frame up to the last commit frame. Frames count only while their salts match the log's header and their
/// running checksum holds, as in SQLite's own recovery: frames of an earlier generation of the log, a torn last write
/// and an uncommitted transaction are left out, and a log whose header is not valid holds nothing.
/// </summary>
internal sealed class SqliteWal
{
    private const int HeaderSize = 32;
    private const int FrameHeaderSize = 24;

    private SqliteWal(int pageSize, Dictionary<uint, ReadOnlyMemory<byte>> pages, uint pageCount)
    {
        PageSize = pageSize;
        Pages = pages;
        PageCount = pageCount;
    }

    /// <summary>The page size the log's frames hold; 0 for a log that holds nothing.</summary>
    public int PageSize { get; }

    public IReadOnlyDictionary<uint, ReadOnlyMemory<byte>> Pages { get; }

    /// <summary>The database's size in pages after the last commit; 0 when nothing is committed.</summary>
    public uint PageCount { get; }

    public static SqliteWal Empty { get; } = new(0, [], 0);

    public static SqliteWal Read(byte[] log)
    {
        if (log.Length < HeaderSize)
            return Empty;
        var magic = BinaryPrimitives.ReadUInt32BigEndian(log);
        if (magic is not (0x377F0682 or 0x377F0683))
            throw new SqliteFormatException($"the write-ahead log starts with 0x{magic:x8}, not a WAL magic number");
        var bigEndian = (magic & 1) == 1;
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(8));
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            throw new SqliteFormatException($"the write-ahead log gives the page size {pageSize}, not a power of two from 512 to 65536");
        var (s0, s1) = Checksum(log.AsSpan(0, 24), bigEndian, 0, 0);
        if (s0 != BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(24)) || s1 != BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(28)))
            return Empty;

        var salts = log.AsMemory(16, 8);
        var committed = new Dictionary<uint, ReadOnlyMemory<byte>>();
        var pending = new Dictionary<uint, ReadOnlyMemory<byte>>();
        uint pageCount = 0;
        for (var offset = HeaderSize; offset + FrameHeaderSize + pageSize <= log.Length; offset += FrameHeaderSize + pageSize)
        {
            var header = log.AsSpan(offset, FrameHeaderSize);
            var page = log.AsMemory(offset + FrameHeaderSize, pageSize);
            if (!header.Slice(8, 8).SequenceEqual(salts.Span))
                break;
            (s0, s1) = Checksum(header[..8], bigEndian, s0, s1);
            (s0, s1) = Checksum(page.Span, bigEndian, s0, s1);
            if (s0 != BinaryPrimitives.ReadUInt32BigEndian(header[16..]) || s1 != BinaryPrimitives.ReadUInt32BigEndian(header[20..]))
                break;

            var number = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (number == 0)
                throw new SqliteFormatException($"the write-ahead log's frame at byte {offset} is for page 0");
            pending[number] = page;
            var sizeAfterCommit = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            if (sizeAfterCommit == 0)
                continue;
            foreach (var (n, p) in pending)
                committed[n] = p;
            pending.Clear();
            pageCount = sizeAfterCommit;
        }

        return pageCount == 0 ? Empty : new SqliteWal(pageSize, committed, pageCount);
    }

    /// <summary>SQLite's checksum: two running sums over pairs of 32-bit words, read in the byte order the magic number chose.</summary>
    private static (uint S0, uint S1) Checksum(ReadOnlySpan<byte> data, bool bigEndian, uint s0, uint s1)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            s0 += Word(data[i..]) + s1;
            s1 += Word(data[(i + 4)..]) + s0;
        }

        return (s0, s1);

        uint Word(ReadOnlySpan<byte> word) =>
            bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(word) : BinaryPrimitives.ReadUInt32LittleEndian(word);
    }
}
