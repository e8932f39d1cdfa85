using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Bifrost.Core.Admission;

/// <summary>
/// Writes RFC 6902 <c>add</c> operations straight to UTF-8 JSON, the same bytes a JSON array of those operations
/// serialises to, without building a node per operation and value. The buffers are kept per thread, so a patch
/// allocates only its bytes.
/// </summary>
internal sealed class PatchWriter : IDisposable
{
    // A buffer grown past this size (a pod with an unusual number of containers) is let go rather than held per thread.
    private const int KeptCapacity = 64 * 1024;

    private static readonly JsonEncodedText Op = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText AddOp = JsonEncodedText.Encode("add");
    private static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");

    [ThreadStatic]
    private static PatchWriter? cached;

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly ArrayBufferWriter<byte> scratch = new(512);
    private readonly Utf8JsonWriter writer;
    private readonly Utf8JsonWriter scratchWriter;

    private PatchWriter()
    {
        writer = new Utf8JsonWriter(buffer);
        scratchWriter = new Utf8JsonWriter(scratch);
    }

    public int Count { get; private set; }

    /// <summary>A writer with an open, empty patch; dispose it when done, after <see cref="ToArray"/>.</summary>
    public static PatchWriter Start()
    {
        var patch = cached ?? new PatchWriter();
        cached = null;
        patch.writer.WriteStartArray();
        return patch;
    }

    /// <summary>Opens an <c>add</c> of <paramref name="path"/>: write its value with the writer returned, then <see cref="EndAdd"/>.</summary>
    public Utf8JsonWriter StartAdd(string path)
    {
        writer.WriteStartObject();
        writer.WriteString(Op, AddOp);
        writer.WriteString(Path, path);
        writer.WritePropertyName(Value);
        return writer;
    }

    public void EndAdd()
    {
        writer.WriteEndObject();
        Count++;
    }

    public void Add(string path, string value)
    {
        StartAdd(path).WriteStringValue(value);
        EndAdd();
    }

    /// <summary>Starts some JSON written on its own (e.g. an annotation's value), with the same settings as the patch.</summary>
    public Utf8JsonWriter StartText() => scratchWriter;

    /// <summary>What was written since <see cref="StartText"/>, as text.</summary>
    public string EndText()
    {
        try
        {
            scratchWriter.Flush();
            return Encoding.UTF8.GetString(scratch.WrittenSpan);
        }
        finally
        {
            scratchWriter.Reset();
            scratch.ResetWrittenCount();
        }
    }

    /// <summary>The patch's JSON: an array of the operations added.</summary>
    public byte[] ToArray()
    {
        writer.WriteEndArray();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Ready for the next patch, also after a fault halfway through one.</summary>
    public void Dispose()
    {
        writer.Reset();
        buffer.ResetWrittenCount();
        scratchWriter.Reset();
        scratch.ResetWrittenCount();
        Count = 0;
        if (buffer.Capacity <= KeptCapacity && scratch.Capacity <= KeptCapacity)
            cached = this;
    }
}
