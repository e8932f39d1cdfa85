using System.Buffers.Binary;
using System.Text;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// An rpm header as the rpm database stores it, big-endian: the index count <c>il</c> and data length <c>dl</c>, then
/// <c>il</c> 16-byte entries (tag, type, offset into the data, count), then <c>dl</c> bytes of data. Only the types
/// Bifrost reads are decoded: INT32 arrays and strings (STRING, STRING_ARRAY, I18NSTRING, NUL-terminated).
/// Every entry is checked against the data's bounds.
/// </summary>
internal sealed class RpmHeader
{
    public const int Name = 1000;
    public const int Version = 1001;
    public const int Release = 1002;
    public const int Epoch = 1003;
    public const int Arch = 1022;
    public const int OldFilenames = 1027;
    public const int DirIndexes = 1116;
    public const int Basenames = 1117;
    public const int Dirnames = 1118;

    private const int Int32Type = 4;
    private const int StringType = 6;
    private const int StringArrayType = 8;
    private const int I18nStringType = 9;

    // rpm's own limits on a header it loads (hdrchkTags, hdrchkData).
    private const int MaxEntries = 0xFFFF;
    private const int MaxData = 0x0FFFFFFF;

    private readonly byte[] data;
    private readonly Dictionary<int, (int Type, int Offset, int Count)> entries;

    private RpmHeader(byte[] data, Dictionary<int, (int, int, int)> entries)
    {
        this.data = data;
        this.entries = entries;
    }

    /// <exception cref="FormatException">The blob is not an rpm header.</exception>
    public static RpmHeader Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8)
            throw new FormatException($"an rpm header of {blob.Length} bytes is shorter than its 8-byte preamble");
        var count = BinaryPrimitives.ReadInt32BigEndian(blob);
        var length = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (count is < 1 or > MaxEntries || length is < 0 or > MaxData || 8 + (16L * count) + length > blob.Length)
            throw new FormatException($"an rpm header with {count} entries and {length} bytes of data does not fit its {blob.Length} bytes");

        var data = blob.Slice(8 + (16 * count), length).ToArray();
        var entries = new Dictionary<int, (int, int, int)>();
        for (var i = 0; i < count; i++)
        {
            var entry = blob.Slice(8 + (16 * i), 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            var items = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            if (offset < 0 || offset > length || items < 0 || items > length)
                throw new FormatException($"rpm header tag {tag} points at {items} items at byte {offset} of {length}");

            // Entries added after the package's immutable region (at install) follow it and win.
            entries[tag] = (BinaryPrimitives.ReadInt32BigEndian(entry[4..]), offset, items);
        }

        return new RpmHeader(data, entries);
    }

    /// <summary>The tag's string (the first of an array or of its translations), or null when the header lacks it.</summary>
    public string? Text(int tag) =>
        entries.TryGetValue(tag, out var entry) && entry.Type is StringType or StringArrayType or I18nStringType && entry.Count > 0
            ? Strings(tag, entry.Offset, 1)[0]
            : null;

    /// <summary>The tag's strings, or null when the header lacks it.</summary>
    public IReadOnlyList<string>? Texts(int tag)
    {
        if (!entries.TryGetValue(tag, out var entry))
            return null;
        return entry.Type is StringArrayType or I18nStringType or StringType
            ? Strings(tag, entry.Offset, entry.Type == StringType ? 1 : entry.Count)
            : throw new FormatException($"rpm header tag {tag} has type {entry.Type}, not a string type");
    }

    /// <summary>The tag's 32-bit integers, or null when the header lacks it.</summary>
    public IReadOnlyList<int>? Integers(int tag)
    {
        if (!entries.TryGetValue(tag, out var entry))
            return null;
        if (entry.Type != Int32Type)
            throw new FormatException($"rpm header tag {tag} has type {entry.Type}, not INT32");
        if (entry.Offset + (4L * entry.Count) > data.Length)
            throw new FormatException($"rpm header tag {tag}'s {entry.Count} integers run past the data");
        var values = new int[entry.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(entry.Offset + (4 * i)));
        return values;
    }

    private List<string> Strings(int tag, int offset, int count)
    {
        var values = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var end = offset < data.Length ? data.AsSpan(offset).IndexOf((byte)0) : -1;
            if (end < 0)
                throw new FormatException($"rpm header tag {tag}'s string {i} has no terminating NUL within the data");
            values.Add(Encoding.UTF8.GetString(data, offset, end));
            offset += end + 1;
        }

        return values;
    }
}
