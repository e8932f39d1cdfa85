using System.Runtime.InteropServices;
using System.Text;
using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>One ring-buffer record, copied out of the kernel's buffer and decoded.</summary>
internal sealed record TraceEvent(EventKind Kind, int Pid, ulong CgroupId, uint A, uint B, uint C,
    string? Text1, string? Text2, string? Text3, string? Text4)
{
    private static readonly int HeaderSize = Marshal.SizeOf<BpfEventHeader>();

    /// <summary>Decodes a record; null when it is shorter than its header says.</summary>
    public static TraceEvent? Decode(ReadOnlySpan<byte> record)
    {
        if (record.Length < HeaderSize)
        {
            return null;
        }
        var h = MemoryMarshal.Read<BpfEventHeader>(record);
        var rest = record[HeaderSize..];
        if (h.Length1 + h.Length2 + h.Length3 + h.Length4 > rest.Length)
        {
            return null;
        }
        return new TraceEvent((EventKind)h.Kind, (int)h.Pid, h.CgroupId, h.A, h.B, h.C,
            Take(ref rest, h.Length1), Take(ref rest, h.Length2), Take(ref rest, h.Length3), Take(ref rest, h.Length4));
    }

    private static string? Take(ref ReadOnlySpan<byte> rest, int length)
    {
        if (length == 0)
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(rest[..length]);
        rest = rest[length..];
        return text;
    }
}
