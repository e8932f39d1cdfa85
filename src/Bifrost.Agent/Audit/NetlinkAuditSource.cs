using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Bifrost.Agent.Audit;

/// <summary>
/// The kernel's audit multicast group (NETLINK_AUDIT, group AUDIT_NLGRP_READLOG): a read-only copy of every audit
/// record, next to whatever audit daemon runs, needing CAP_AUDIT_READ. Bifrost never registers as the audit daemon.
/// ENOBUFS means the socket's buffer overflowed and the kernel dropped records for it: counted as loss.
/// </summary>
internal sealed class NetlinkAuditSource : IAuditSource
{
    /// <summary>AUDIT_NLGRP_READLOG is group 1, so the bind mask is 1 &lt;&lt; (1 - 1).</summary>
    public const uint ReadLogGroups = 1u << (1 - 1);

    private const int HeaderLength = 16;
    private readonly NetlinkSocket socket;
    private readonly AuditStats stats;

    private NetlinkAuditSource(NetlinkSocket socket, AuditStats stats)
    {
        this.socket = socket;
        this.stats = stats;
    }

    public string Name => "netlink";

    /// <summary>The source, or null with the reason when the kernel refuses the bind (no CAP_AUDIT_READ, no audit support).</summary>
    public static NetlinkAuditSource? TryOpen(AuditStats stats, out string? reason)
    {
        var socket = NetlinkSocket.Open(ReadLogGroups, out var errno);
        if (errno != 0)
        {
            reason = $"netlink audit multicast refused: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            return null;
        }

        reason = null;
        return new NetlinkAuditSource(socket, stats);
    }

    public async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var reader = new Thread(() => Pump(channel.Writer, cancellationToken)) { IsBackground = true, Name = "bifrost-netlink" };
        reader.Start();
        await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return line;
    }

    private unsafe void Pump(ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!cancellationToken.IsCancellationRequested && !socket.IsClosed)
            {
                nint received;
                fixed (byte* pointer = buffer)
                    received = Native.Recv(socket.Fd, pointer, buffer.Length, 0);
                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Native.Enobufs)
                        stats.NetlinkOverflow();
                    else if (errno is not (Native.Eagain or Native.Eintr))
                        break;
                    continue;
                }

                foreach (var line in Messages(buffer.AsSpan(0, (int)received)))
                    writer.WriteAsync(line, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>Each netlink message as an audit-daemon style line: <c>type=N msg=audit(…): …</c>.</summary>
    internal static List<string> Messages(ReadOnlySpan<byte> datagram)
    {
        var lines = new List<string>();
        while (datagram.Length >= HeaderLength)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            if (length < HeaderLength || length > datagram.Length)
                break;
            var payload = datagram[HeaderLength..length].TrimEnd((byte)0);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"type={type} msg={Encoding.UTF8.GetString(payload)}"));
            var aligned = (length + 3) & ~3;
            datagram = aligned >= datagram.Length ? default : datagram[aligned..];
        }

        return lines;
    }

    public void Dispose() => socket.Dispose();
}
