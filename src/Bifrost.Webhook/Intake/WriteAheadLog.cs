using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Records that must survive a crash between being acknowledged and being persisted. Appends from any number
/// of callers are written by one loop and made durable together with a single fsync (group commit); an append
/// completes only after that fsync. Records live in numbered segment files: <see cref="SealAsync"/> starts a new
/// segment and returns the sealed ones, which the owner deletes once their records are persisted elsewhere.
/// A torn last line (a crash mid-write) was never acknowledged and is skipped on replay.
/// </summary>
internal sealed class WriteAheadLog<T> : IAsyncDisposable
{
    private const string Extension = ".wal";

    private readonly string directory;
    private readonly JsonSerializerOptions json;
    private readonly Channel<(T Record, TaskCompletionSource Done)> appends =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim segmentLock = new(1, 1);
    private readonly Task writer;
    private FileStream current;
    private long currentSegment;

    private WriteAheadLog(string directory, JsonSerializerOptions json, long segment)
    {
        this.directory = directory;
        this.json = json;
        currentSegment = segment;
        current = OpenSegment(segment);
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens the log in <paramref name="directory"/>; appends go to a new segment after any existing ones.</summary>
    public static WriteAheadLog<T> Open(string directory, JsonSerializerOptions json)
    {
        Directory.CreateDirectory(directory);
        var last = Segments(directory).DefaultIfEmpty(0).Max();
        return new WriteAheadLog<T>(directory, json, last + 1);
    }

    /// <summary>Completes once the record is on disk.</summary>
    public Task AppendAsync(T record, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!appends.Writer.TryWrite((record, done)), this);
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Closes the current segment and starts another; returns every closed segment, oldest first, with its records.</summary>
    public async Task<IReadOnlyList<Segment>> SealAsync(CancellationToken cancellationToken)
    {
        await segmentLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await current.DisposeAsync().ConfigureAwait(false);
            currentSegment++;
            current = OpenSegment(currentSegment);
        }
        finally
        {
            segmentLock.Release();
        }

        var sealedSegments = new List<Segment>();
        foreach (var id in Segments(directory).Where(id => id < currentSegment).Order())
            sealedSegments.Add(new Segment(id, await ReadSegmentAsync(id, cancellationToken).ConfigureAwait(false)));
        return sealedSegments;
    }

    /// <summary>Forgets a sealed segment whose records are persisted.</summary>
    public void Delete(Segment segment) => File.Delete(PathOf(segment.Id));

    public async ValueTask DisposeAsync()
    {
        appends.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        await current.DisposeAsync().ConfigureAwait(false);
        segmentLock.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(T Record, TaskCompletionSource Done)>();
        var reader = appends.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                await segmentLock.WaitAsync().ConfigureAwait(false);
                try
                {
                    foreach (var (record, _) in batch)
                    {
                        var line = JsonSerializer.SerializeToUtf8Bytes(record, json);
                        await current.WriteAsync(line).ConfigureAwait(false);
                        current.WriteByte((byte)'\n');
                    }

                    current.Flush(flushToDisk: true);
                }
                finally
                {
                    segmentLock.Release();
                }

                foreach (var (_, done) in batch)
                    done.TrySetResult();
            }
#pragma warning disable CA1031 // Every waiting append learns of the failure; the loop goes on for later ones.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(e);
            }
        }
    }

    private async Task<IReadOnlyList<T>> ReadSegmentAsync(long id, CancellationToken cancellationToken)
    {
        var records = new List<T>();
        var text = await File.ReadAllTextAsync(PathOf(id), Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        var complete = text.LastIndexOf('\n');
        foreach (var line in text[..(complete + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            records.Add(JsonSerializer.Deserialize<T>(line, json) ?? throw new InvalidDataException($"{PathOf(id)}: a null record"));
        return records;
    }

    private FileStream OpenSegment(long id) =>
        new(PathOf(id), FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);

    private string PathOf(long id) => Path.Combine(directory, id.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    private static IEnumerable<long> Segments(string directory) =>
        Directory.EnumerateFiles(directory, "*" + Extension)
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0);

    /// <summary>A sealed segment and the records it holds.</summary>
    public sealed record Segment(long Id, IReadOnlyList<T> Records);
}
