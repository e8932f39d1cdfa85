using System.Text.Json;
using Bifrost.Webhook.Intake;

namespace Bifrost.Webhook.Tests.Intake;

public sealed class WriteAheadLogTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-wal-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed record Entry(string Pod, long Sequence);

    [Fact]
    public async Task Append_ManyConcurrently_EveryAcknowledgedRecordIsSealedOnce()
    {
        await using var log = WriteAheadLog<Entry>.Open(directory, Json);

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => log.AppendAsync(new Entry($"pod-{i % 7}", i), CancellationToken.None)));
        var sealedSegments = await log.SealAsync(CancellationToken.None);

        var sequences = sealedSegments.SelectMany(s => s.Records).Select(r => r.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Open_AfterACrash_ReplaysWhatWasAcknowledgedAndSkipsATornLine()
    {
        var log = WriteAheadLog<Entry>.Open(directory, Json);
        await log.AppendAsync(new Entry("a", 1), CancellationToken.None);
        await log.AppendAsync(new Entry("a", 2), CancellationToken.None);
        await log.DisposeAsync();
        // A crash in the middle of writing a third, never acknowledged, record.
        var segment = Directory.GetFiles(directory, "*.wal").Single();
        await File.AppendAllTextAsync(segment, """{"pod":"a","seq""");

        await using var reopened = WriteAheadLog<Entry>.Open(directory, Json);
        var replayed = (await reopened.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).ToList();

        Assert.Equal([new Entry("a", 1), new Entry("a", 2)], replayed);
    }

    [Fact]
    public async Task Append_AsReceivedWithLineBreaks_IsOneLineAndReplaysAsTheRecord()
    {
        var log = WriteAheadLog<Entry>.Open(directory, Json);
        await log.AppendAsync(new Entry("a", 1), "{\r\n  \"pod\": \"a\",\n  \"sequence\": 1\n}"u8.ToArray(), CancellationToken.None);
        await log.AppendAsync(new Entry("b", 2), CancellationToken.None);
        var handedOver = (await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).ToList();
        await log.DisposeAsync();

        await using var reopened = WriteAheadLog<Entry>.Open(directory, Json);
        var replayed = (await reopened.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).ToList();

        Assert.Equal([new Entry("a", 1), new Entry("b", 2)], handedOver);
        Assert.Equal(handedOver, replayed);
        Assert.Equal(2, (await File.ReadAllLinesAsync(Directory.GetFiles(directory, "*.wal").Order().First())).Length);
    }

    [Fact]
    public async Task Seal_MoreRecordsThanKeptInMemory_ReturnsEveryRecordFromTheFile()
    {
        await using var log = WriteAheadLog<Entry>.Open(directory, Json);
        var count = WriteAheadLog<Entry>.MaxRecordsInMemory + 100;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(new Entry("a", i), CancellationToken.None)));
        var sealedRecords = (await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).Select(r => r.Sequence).Order().ToList();

        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), sealedRecords);
    }

    [Fact]
    public async Task Delete_SealedSegment_IsNotReplayedAgain()
    {
        await using var log = WriteAheadLog<Entry>.Open(directory, Json);
        await log.AppendAsync(new Entry("a", 1), CancellationToken.None);
        foreach (var segment in await log.SealAsync(CancellationToken.None))
            log.Delete(segment);
        await log.AppendAsync(new Entry("a", 2), CancellationToken.None);

        var next = (await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).ToList();

        Assert.Equal([new Entry("a", 2)], next);
    }

    [Fact]
    public async Task Seal_NotDeleted_IsReturnedAgainUntilPersisted()
    {
        await using var log = WriteAheadLog<Entry>.Open(directory, Json);
        await log.AppendAsync(new Entry("a", 1), CancellationToken.None);
        await log.SealAsync(CancellationToken.None);

        var again = (await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records).ToList();

        Assert.Equal([new Entry("a", 1)], again);
    }
}
