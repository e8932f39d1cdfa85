using System.Buffers.Binary;
using System.Text;

namespace Bifrost.Core.Relevancy.Sqlite;

/// <summary>
/// The record format of a table row (https://www.sqlite.org/fileformat.html#record_format): a header of varint serial
/// types, one per column, then the values they describe. Every length is checked against the record's end.
/// </summary>
internal static class SqliteRecord
{
    public static IReadOnlyList<object?> Decode(ReadOnlySpan<byte> record, Encoding text, string where)
    {
        var headerSize = Varint(record, 0, out var offset, where);
        if (headerSize < offset || headerSize > record.Length)
            throw new SqliteFormatException($"{where}: a record's header size {headerSize} does not fit its {record.Length} bytes");

        var types = new List<long>();
        while (offset < headerSize)
            types.Add(Varint(record[..(int)headerSize], offset, out offset, where));

        var values = new List<object?>(types.Count);
        var body = (int)headerSize;
        foreach (var type in types)
        {
            var length = Length(type, where);
            if (length > record.Length - body)
                throw new SqliteFormatException($"{where}: a record's value (serial type {type}) runs past the record's end");
            var value = record.Slice(body, (int)length);
            values.Add(type switch
            {
                0 => null,
                >= 1 and <= 6 => Integer(value),
                7 => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(value)),
                8 => 0L,
                9 => 1L,
                _ when type % 2 == 0 => value.ToArray(),
                _ => text.GetString(value),
            });
            body += (int)length;
        }

        return values;
    }

    /// <summary>A varint of one to nine bytes, big-endian, seven bits a byte and all eight in the ninth.</summary>
    public static long Varint(ReadOnlySpan<byte> bytes, int offset, out int next, string where)
    {
        long value = 0;
        for (var i = 0; i < 8; i++)
        {
            var b = Byte(bytes, offset + i, where);
            value = (value << 7) | (long)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                next = offset + i + 1;
                return value;
            }
        }

        next = offset + 9;
        return (value << 8) | Byte(bytes, offset + 8, where);
    }

    private static byte Byte(ReadOnlySpan<byte> bytes, int offset, string where) =>
        offset < bytes.Length ? bytes[offset] : throw new SqliteFormatException($"{where}: a varint runs past the end");

    private static long Length(long type, string where) => type switch
    {
        0 or 8 or 9 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4 => 4,
        5 => 6,
        6 or 7 => 8,
        10 or 11 => throw new SqliteFormatException($"{where}: a record uses the reserved serial type {type}"),
        < 0 => throw new SqliteFormatException($"{where}: a record has the negative serial type {type}"),
        _ => (type - 12) / 2,
    };

    private static long Integer(ReadOnlySpan<byte> value)
    {
        long result = (sbyte)value[0];
        foreach (var b in value[1..])
            result = (result << 8) | b;
        return result;
    }
}
