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
/// The records of the segment this process wrote are handed over from memory (up to <see cref="MaxRecordsInMemory"/>),
/// so the file is read back only to replay what an earlier life left, a segment whose records the owner could not
/// persist yet, or one that grew past that bound; one line at a time.
/// A torn last line (a crash mid-write) was never acknowledged and is skipped on replay.
/// </summary>
internal sealed class WriteAheadLog<T> : IAsyncDisposable
{
    private const string Extension = ".wal";

    private readonly string directory;
    private readonly JsonSerializerOptions json;
    private readonly Channel<Append> appends = Channel.CreateUnbounded<Append>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim segmentLock = new(1, 1);
    private readonly Task writer;
    private FileStream current;
    private long currentSegment;

    /// <summary>
    /// Most records of the current segment kept in memory: past it (the owner is not sealing, say its store is slow) the
    /// segment is read back from its file when sealed, so memory stays bounded however far behind the owner is.
    /// </summary>
    public const int MaxRecordsInMemory = 8192;

    /// <summary>
    /// What the current segment holds, in order: handed over by <see cref="SealAsync"/> without reading the file; null
    /// once it held more than <see cref="MaxRecordsInMemory"/>.
    /// </summary>
    private List<T>? currentRecords = [];

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
    public Task AppendAsync(T record, CancellationToken cancellationToken) => AppendAsync(record, null, cancellationToken);

    /// <summary>
    /// Completes once the record is on disk, written as <paramref name="json"/>: the record as it arrived, so it is not
    /// serialized again. It must be one JSON object that reads back as <paramref name="record"/>; line breaks between its
    /// tokens are turned into spaces here (JSON strings cannot hold raw ones), so it stays one line. The array becomes the log's.
    /// </summary>
    public Task AppendAsync(T record, byte[]? json, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!appends.Writer.TryWrite(new Append(record, json, done)), this);
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Closes the current segment and starts another; returns every closed segment, oldest first, with its records.</summary>
    public async Task<IReadOnlyList<Segment>> SealAsync(CancellationToken cancellationToken)
    {
        long sealedId;
        List<T>? sealedRecords;
        await segmentLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await current.DisposeAsync().ConfigureAwait(false);
            sealedId = currentSegment;
            sealedRecords = currentRecords;
            currentSegment++;
            currentRecords = [];
            current = OpenSegment(currentSegment);
        }
        finally
        {
            segmentLock.Release();
        }

        var sealedSegments = new List<Segment>();
        foreach (var id in Segments(directory).Where(id => id < currentSegment).Order())
            sealedSegments.Add(new Segment(id, id == sealedId && sealedRecords is not null ? sealedRecords : await ReadSegmentAsync(id, cancellationToken).ConfigureAwait(false)));
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
        var batch = new List<Append>();
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
                    // Written through the segment's buffer, then one fsync for the whole batch.
                    foreach (var append in batch)
                    {
                        var line = append.Json ?? JsonSerializer.SerializeToUtf8Bytes(append.Record, json);
                        if (append.Json is not null)
                            OneLine(line);
                        current.Write(line);
                        current.WriteByte((byte)'\n');
                    }

                    current.Flush(flushToDisk: true);
                    if (currentRecords is not null && currentRecords.Count + batch.Count > MaxRecordsInMemory)
                        currentRecords = null;
                    foreach (var append in batch)
                        currentRecords?.Add(append.Record);
                }
                finally
                {
                    segmentLock.Release();
                }

                foreach (var append in batch)
                    append.Done.TrySetResult();
            }
#pragma warning disable CA1031 // Every waiting append learns of the failure; the loop goes on for later ones.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var append in batch)
                    append.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Line breaks of a JSON text are whitespace between tokens: spaces keep it one line with the same meaning.</summary>
    private static void OneLine(byte[] text)
    {
        var span = text.AsSpan();
        for (var at = span.IndexOfAny((byte)'\n', (byte)'\r'); at >= 0; at = span.IndexOfAny((byte)'\n', (byte)'\r'))
        {
            span[at] = (byte)' ';
            span = span[(at + 1)..];
        }
    }

    private async Task<IReadOnlyList<T>> ReadSegmentAsync(long id, CancellationToken cancellationToken)
    {
        // Line by line: a segment is never held whole as text. Only lines that end in a line break were acknowledged.
        var records = new List<T>();
        using var reader = new StreamReader(PathOf(id), Encoding.UTF8, detectEncodingFromByteOrderMarks: false,
            new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 64 * 1024 });
        var line = new StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            for (var end = chunk.IndexOf('\n'); end >= 0; end = chunk.IndexOf('\n'))
            {
                line.Append(chunk[..end]);
                if (line.Length > 0)
                    records.Add(JsonSerializer.Deserialize<T>(line.ToString(), json) ?? throw new InvalidDataException($"{PathOf(id)}: a null record"));
                line.Clear();
                chunk = chunk[(end + 1)..];
            }

            line.Append(chunk);
        }

        return records;
    }

    private FileStream OpenSegment(long id) =>
        new(PathOf(id), FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);

    private string PathOf(long id) => Path.Combine(directory, id.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    private static IEnumerable<long> Segments(string directory) =>
        Directory.EnumerateFiles(directory, "*" + Extension)
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0);

    private sealed record Append(T Record, byte[]? Json, TaskCompletionSource Done);

    /// <summary>A sealed segment and the records it holds.</summary>
    public sealed record Segment(long Id, IReadOnlyList<T> Records);
}
