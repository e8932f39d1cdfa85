using System.Buffers.Binary;
using System.Text;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// Reads an ELF file's program headers from its first bytes: a <c>PT_INTERP</c> header means dynamically linked (and
/// names the program interpreter, which the kernel maps without the program opening it), a <c>PT_NOTE</c> with owner
/// <c>Go</c> (the Go build id the Go linker writes near the start) means a Go program.
/// </summary>
public static class ElfInspector
{
    /// <summary>How many leading bytes <see cref="Inspect"/> needs to see the headers and the Go note of a usual binary.</summary>
    public const int HeadBytes = 64 * 1024;

    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const ushort EtDyn = 3;
    private const uint PtNote = 4;

    public static ElfKind Inspect(ReadOnlySpan<byte> head) => Read(head).Kind;

    /// <summary>The kind of program and its interpreter's path (null when static, not ELF, or beyond the bytes given).</summary>
    public static (ElfKind Kind, string? Interpreter) Read(ReadOnlySpan<byte> head)
    {
        if (head.Length < 64 || head[0] != 0x7f || head[1] != (byte)'E' || head[2] != (byte)'L' || head[3] != (byte)'F')
            return (ElfKind.Unknown, null);
        var wide = head[4] == 2;
        var little = head[5] == 1;
        ulong phoff = wide ? U64(head, 0x20, little) : U32(head, 0x1c, little);
        int entrySize = U16(head, wide ? 0x36 : 0x2a, little);
        int count = U16(head, wide ? 0x38 : 0x2c, little);
        var interpreter = false;
        var dynamicSection = false;
        string? interpreterPath = null;
        var go = false;
        for (var i = 0; i < count; i++)
        {
            var at = phoff + (ulong)(i * entrySize);
            if (at + (ulong)entrySize > (ulong)head.Length || entrySize < (wide ? 56 : 32))
                break;
            var header = head[(int)at..];
            var type = U32(header, 0, little);
            var offset = wide ? U64(header, 8, little) : U32(header, 4, little);
            var size = wide ? U64(header, 32, little) : U32(header, 16, little);
            if (type == PtInterp)
            {
                interpreter = true;
                if (offset < (ulong)head.Length && size is > 1 and < 4096 && offset + size <= (ulong)head.Length)
                    interpreterPath = Encoding.UTF8.GetString(head.Slice((int)offset, (int)size)).TrimEnd('\0');
            }
            else if (type == PtNote)
                go |= HasGoNote(head, offset, size, little);
            else if (type == PtDynamic)
                dynamicSection = true;
        }

        var kind = go ? ElfKind.Go
            : interpreter ? ElfKind.Dynamic
            : dynamicSection && U16(head, 0x10, little) == EtDyn ? ElfKind.SharedObject
            : ElfKind.Static;
        return (kind, interpreterPath is { Length: > 0 } ? interpreterPath : null);
    }

    private static bool HasGoNote(ReadOnlySpan<byte> head, ulong offset, ulong size, bool little)
    {
        var end = Math.Min(offset + size, (ulong)head.Length);
        var at = offset;
        while (at + 12 <= end)
        {
            var nameSize = U32(head, (int)at, little);
            var descSize = U32(head, (int)at + 4, little);
            var nameAt = (int)at + 12;
            if ((ulong)nameAt + nameSize > end)
                return false;
            if (nameSize >= 2 && Encoding.ASCII.GetString(head.Slice(nameAt, (int)nameSize)).TrimEnd('\0') == "Go")
                return true;
            at = (ulong)nameAt + Align(nameSize) + Align(descSize);
        }

        return false;
    }

    private static ulong Align(uint size) => (size + 3UL) & ~3UL;

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt64LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt64BigEndian(b[at..]);
}
