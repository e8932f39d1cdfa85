using System.Buffers;
using System.Text;

namespace Bifrost.Agent.Audit;

/// <summary>Cuts a byte stream into lines, keeping an incomplete last line until the rest arrives.</summary>
internal sealed class LineSplitter
{
    private readonly ArrayBufferWriter<byte> partial = new();

    public IEnumerable<string> Push(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                partial.Write(bytes);
                break;
            }

            partial.Write(bytes[..newline]);
            lines.Add(Encoding.UTF8.GetString(partial.WrittenSpan));
            partial.ResetWrittenCount();
            bytes = bytes[(newline + 1)..];
        }

        return lines;
    }
}
