using Bifrost.Agent.Audit;
using Bifrost.Agent.Tests.Support;

namespace Bifrost.Agent.Tests.Audit;

public sealed class AuditLogTailerTests
{
    [Fact]
    public async Task Read_AppendedLines_StartAtTheEndAndFollow()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.log");
        File.WriteAllText(path, "type=AVC msg=old\n");
        var clock = new PollSignallingClock();
        var opened = clock.NextWait();
        using var tailer = new AuditLogTailer(path, clock);

        var lines = await Lines.ReadUntil(tailer, l => l.Count == 2, async () =>
        {
            await opened;
            File.AppendAllText(path, "type=AVC msg=new-1\ntype=AVC msg=ne");
            await Task.Delay(400);
            File.AppendAllText(path, "w-2\n");
        });

        Assert.Equal(["type=AVC msg=new-1", "type=AVC msg=new-2"], lines);
    }

    [Fact]
    public async Task Read_RotatedLog_FinishesTheOldFileAndContinuesWithTheNew()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.log");
        File.WriteAllText(path, "");
        var clock = new PollSignallingClock();
        var opened = clock.NextWait();
        using var tailer = new AuditLogTailer(path, clock);

        var lines = await Lines.ReadUntil(tailer, l => l.Count == 3, async () =>
        {
            await opened;
            File.AppendAllText(path, "before-rotation\n");
            await Task.Delay(400);
            // auditd's rotation: the last lines land in the old file just before it is renamed away.
            File.AppendAllText(path, "last-in-old\n");
            File.Move(path, path + ".1");
            File.WriteAllText(path, "first-in-new\n");
        });

        Assert.Equal(["before-rotation", "last-in-old", "first-in-new"], lines);
    }

    [Fact]
    public async Task Read_TruncatedLog_StartsAgainFromTheBeginning()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.log");
        File.WriteAllText(path, "x\n");
        using var tailer = new AuditLogTailer(path, TimeProvider.System, fromStart: true);

        var lines = await Lines.ReadUntil(tailer, l => l.Contains("after-truncate"), async () =>
        {
            await Task.Delay(400);
            File.WriteAllText(path, "");
            await Task.Delay(400);
            File.AppendAllText(path, "after-truncate\n");
        });

        Assert.Equal(["x", "after-truncate"], lines);
    }

    [Fact]
    public async Task Read_LogThatDoesNotExistYet_IsPickedUpWhenCreated()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.log");
        var clock = new PollSignallingClock();
        var looked = clock.NextWait();
        using var tailer = new AuditLogTailer(path, clock);

        var lines = await Lines.ReadUntil(tailer, l => l.Count == 1, async () =>
        {
            await looked;
            File.WriteAllText(path, "");
            await Task.Delay(600);
            File.AppendAllText(path, "created-later\n");
        });

        Assert.Equal(["created-later"], lines);
    }

    [Fact]
    public async Task Read_LogCreatedWithLinesBetweenTwoPolls_ReadsItFromItsStart()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("audit.log");
        var clock = new PollSignallingClock();
        var looked = clock.NextWait();
        using var tailer = new AuditLogTailer(path, clock);

        var lines = await Lines.ReadUntil(tailer, l => l.Count == 2, async () =>
        {
            await looked;
            File.WriteAllText(path, "first\nsecond\n");
        });

        Assert.Equal(["first", "second"], lines);
    }
}
