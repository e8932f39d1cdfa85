using System.Buffers.Binary;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>Minimal 64-bit little-endian ELF headers: enough program headers to be told apart, no code.</summary>
internal static class ElfFiles
{
    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;

    public static byte[] Static() => Build([(1u, null)]);

    /// <summary>Position-independent (ET_DYN) with a PT_DYNAMIC and no interpreter: a shared library, or a static-pie program.</summary>
    public static byte[] SharedObject()
    {
        var file = Build([(1u, null), (2u, new byte[16])]);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 3);
        return file;
    }

    public const string Interpreter = "/lib64/ld-linux-x86-64.so.2";

    public static byte[] Dynamic() => Build([(3u, System.Text.Encoding.ASCII.GetBytes(Interpreter + "\0")), (1u, null)]);

    /// <summary>A PT_NOTE holding the Go build id note (owner "Go", type 4), as the Go linker writes it.</summary>
    public static byte[] Go() => Build([(1u, null), (4u, Note("Go", 4, "build-id"u8.ToArray()))]);

    private static byte[] Note(string owner, uint type, byte[] description)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(owner + "\0");
        var note = new byte[12 + Align(name.Length) + Align(description.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(note, (uint)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), (uint)description.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), type);
        name.CopyTo(note, 12);
        description.CopyTo(note, 12 + Align(name.Length));
        return note;
    }

    private static byte[] Build((uint Type, byte[]? Content)[] headers)
    {
        var contentAt = HeaderSize + headers.Length * ProgramHeaderSize;
        var file = new byte[contentAt + headers.Sum(h => h.Content?.Length ?? 0) + 16];
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x12), 62);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x20), HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x36), ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x38), (ushort)headers.Length);
        for (var i = 0; i < headers.Length; i++)
        {
            var at = HeaderSize + i * ProgramHeaderSize;
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), headers[i].Type);
            if (headers[i].Content is { } content)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at + 8), (ulong)contentAt);
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at + 32), (ulong)content.Length);
                content.CopyTo(file, contentAt);
                contentAt += content.Length;
            }
        }

        return file;
    }

    private static int Align(int size) => (size + 3) & ~3;
}
