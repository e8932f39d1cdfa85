using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Bifrost.Agent.Audit;
using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Audit;

public sealed class NetlinkAuditSourceTests
{
    private const ushort AuditUserAvc = 1107;

    [Fact]
    public void Messages_SplitsADatagramIntoAlignedMessages()
    {
        var datagram = Message(1400, "audit(1.5:7): apparmor=\"DENIED\" profile=\"p\"").Concat(Message(1300, "audit(1.5:7): arch=c000003e")).ToArray();

        var lines = NetlinkAuditSource.Messages(datagram);

        Assert.Equal(["type=1400 msg=audit(1.5:7): apparmor=\"DENIED\" profile=\"p\"", "type=1300 msg=audit(1.5:7): arch=c000003e"], lines);
    }

    [Fact]
    public void Messages_TruncatedHeader_YieldsWhatIsWhole()
    {
        var datagram = Message(1400, "a").Concat(new byte[] { 200, 0, 0, 0, 1 }).ToArray();

        Assert.Single(NetlinkAuditSource.Messages(datagram));
    }

    [RequiresFact(typeof(AuditNetlink))]
    public async Task Read_UserAvcSentToTheKernel_ArrivesOnTheMulticastGroup()
    {
        var marker = $"bifrost-agent-test {Guid.NewGuid():N}";
        using var source = NetlinkAuditSource.TryOpen(new AuditStats(), out _)!;

        var lines = await Lines.ReadUntil(source, l => l.Exists(x => x.Contains(marker, StringComparison.Ordinal)), async () =>
        {
            await Task.Delay(300);
            // The kernel treats the last byte as the terminator, so the text carries its own.
            Send(AuditUserAvc, $"apparmor=\"DENIED\" operation=\"open\" profile=\"bifrost_test\" name=\"/x\" msg={marker}\0");
        });

        Assert.Contains(lines, l => l.StartsWith("type=1107 ", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal));
    }

    private static byte[] Message(ushort type, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var length = 16 + body.Length;
        var message = new byte[(length + 3) & ~3];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        body.CopyTo(message, 16);
        return message;
    }

    private static unsafe void Send(ushort type, string text)
    {
        using var socket = NetlinkSocket.Open(0, out var errno);
        Assert.True(errno == 0, $"unicast audit socket: errno {errno}");
        var message = Message(type, text);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), 1);
        var kernel = new Native.SockaddrNl { Family = Native.AfNetlink };
        fixed (byte* pointer = message)
        {
            var sent = Native.SendTo(socket.Fd, pointer, message.Length, 0, &kernel, sizeof(Native.SockaddrNl));
            Assert.True(sent >= 0, $"sendto: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
