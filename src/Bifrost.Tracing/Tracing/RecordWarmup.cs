using System.Runtime.InteropServices;
using System.Text;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Runs one made-up record of each kind through decoding, translation and an observation set, all thrown away, at a
/// session's start. The tracer's hosts compile each method once, optimized, on its first call (no tiered compilation:
/// see Bifrost.Cli.csproj), so without this the first socket, capability or signal of a traced workload would wait
/// for the compiling of its path, on the traced machine's CPUs while the workload runs; with it that work is part of
/// the start, which the kernel programs' loading dwarfs. The set's snapshot, taken at a session's end, is compiled here
/// too.
/// </summary>
internal static class RecordWarmup
{
    private const uint Create = 1 << 7;
    private const uint MkdirOperation = 27;
    private const uint ChmodOperation = 7;

    public static void Run()
    {
        var translator = new EventTranslator(procRoot: null);
        var set = new ObservationSet();
        var output = new List<Observation>();
        foreach (var record in Records())
        {
            if (TraceEvent.Decode(record) is not { } e)
            {
                continue;
            }
            output.Clear();
            translator.Translate(e, "warm-up", output);
            foreach (var o in output)
            {
                _ = set.Add(o);
                _ = set.Add(o);
            }
        }
        output.Clear();
        translator.FlushPending(output);
        _ = set.Snapshot();
    }

    internal static IEnumerable<byte[]> Records() =>
    [
        Record(EventKind.File, 1, 0, 0, "/nonexistent/bifrost-warm-up/file"),
        Record(EventKind.File, 1, 1, 0, "/nonexistent/bifrost-warm-up"),
        Record(EventKind.Exec, 0, 0, 0, "/nonexistent/bifrost-warm-up/program"),
        Record(EventKind.Exec, 1, 0, 0, "/nonexistent/bifrost-warm-up/interpreter", "script"),
        Record(EventKind.Script, 0, 0, 0, "/nonexistent/bifrost-warm-up/script"),
        Record(EventKind.Socket, 2, 2, 17),
        Record(EventKind.Unix, 1, 1, 0, "/nonexistent/bifrost-warm-up/socket"),
        Record(EventKind.Unix, 2, 2, 0, null, "\0bifrost-warm-up"),
        Record(EventKind.Capability, 21, 0, 0),
        Record(EventKind.Signal, 10, 1, 0),
        Record(EventKind.Ptrace, 1, 1, 0),
        Record(EventKind.Mount, 0, 0, 0, "/", "nonexistent", "none", "tmpfs"),
        Record(EventKind.PathOperation, Create, MkdirOperation, 0, "/nonexistent/bifrost-warm-up", "d"),
        Record(EventKind.PathOperation, 0, ChmodOperation, 0, "/nonexistent/bifrost-warm-up", "f"),
    ];

    private static byte[] Record(EventKind kind, uint a, uint b, uint c, params string?[] texts)
    {
        var bytes = texts.Select(t => t is null ? [] : Encoding.UTF8.GetBytes(t)).ToList();
        while (bytes.Count < 4)
        {
            bytes.Add([]);
        }
        var header = new BpfEventHeader
        {
            Kind = (uint)kind,
            A = a,
            B = b,
            C = c,
            Length1 = (ushort)bytes[0].Length,
            Length2 = (ushort)bytes[1].Length,
            Length3 = (ushort)bytes[2].Length,
            Length4 = (ushort)bytes[3].Length,
        };
        var record = new byte[Marshal.SizeOf<BpfEventHeader>() + bytes.Sum(t => t.Length)];
        MemoryMarshal.Write(record, in header);
        var at = Marshal.SizeOf<BpfEventHeader>();
        foreach (var text in bytes)
        {
            text.CopyTo(record, at);
            at += text.Length;
        }
        return record;
    }
}
