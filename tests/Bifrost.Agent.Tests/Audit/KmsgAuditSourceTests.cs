using System.Diagnostics;
using Bifrost.Agent.Audit;
using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Audit;

public sealed class KmsgAuditSourceTests
{
    private const string Record = "audit: type=1400 audit(1700000000.123:45): apparmor=\"DENIED\" operation=\"open\" profile=\"bifrost_a_1\" name=\"/etc/shadow\" pid=1 comm=\"cat\" requested_mask=\"r\" denied_mask=\"r\"";

    [Fact]
    public async Task Read_KmsgFile_YieldsMessagesWithoutPrefixOrDictionaryLines()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("kmsg");
        File.WriteAllText(path, $"6,100,5000,-;{Record}\n SUBSYSTEM=audit\n4,101,5001,c;second line\n");
        using var source = new KmsgAuditSource(path, new AuditStats(), fromStart: true);

        var lines = await Lines.ReadUntil(source, l => l.Count == 2);

        Assert.Equal([Record, "second line"], lines);
    }

    [Fact]
    public async Task Read_Pipe_YieldsEveryLineWrittenThenEnds()
    {
        using var dir = new TempDirectory();
        var fifo = dir.Combine("kmsg.fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo))
            await mkfifo.WaitForExitAsync();
        using var source = new KmsgAuditSource(fifo, new AuditStats(), fromStart: true);

        var lines = await Lines.ReadUntil(source, _ => false, async () =>
        {
            await using var writer = new StreamWriter(fifo);
            for (var i = 0; i < 500; i++)
                await writer.WriteAsync($"6,{i},0,-;{Record} seq={i}\n");
        });

        Assert.Equal(500, lines.Count);
        Assert.EndsWith("seq=499", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6,1,2,-;hello", "hello")]
    [InlineData("12,99,123456,c;a;b", "a;b")]
    [InlineData(" DEVICE=+x", null)]
    [InlineData("no prefix; here", "no prefix; here")]
    public void Message_StripsTheRecordPrefix(string line, string? message)
    {
        Assert.Equal(message, KmsgAuditSource.Message(line));
    }

    [RequiresFact(typeof(Kmsg))]
    public async Task Read_RealDevKmsg_SeesALineWrittenAfterItStarted()
    {
        var marker = $"bifrost-agent-test {Guid.NewGuid():N}";
        using var source = new KmsgAuditSource("/dev/kmsg", new AuditStats());

        var lines = await Lines.ReadUntil(source, l => l.Exists(x => x.Contains(marker, StringComparison.Ordinal)), async () =>
        {
            await Task.Delay(500);
            await File.AppendAllTextAsync("/dev/kmsg", marker + "\n");
        });

        Assert.Contains(lines, l => l.EndsWith(marker, StringComparison.Ordinal));
    }
}
