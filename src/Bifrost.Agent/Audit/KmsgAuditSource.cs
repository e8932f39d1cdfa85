using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Bifrost.Agent.Audit;

/// <summary>
/// Reads kernel log records from /dev/kmsg (<c>priority,sequence,microseconds,flags;message</c>), where AppArmor's
/// records land when no audit daemon takes them. A read that fails with EPIPE means the ring buffer overwrote
/// records before they were read: counted as loss, and reading goes on with the next record. By default reading
/// starts at the end of the buffer, so a restart does not replay old denials.
/// </summary>
internal sealed class KmsgAuditSource(string path, AuditStats stats, bool fromStart = false) : IAuditSource
{
    private const int Epipe = 32;
    private static readonly System.Buffers.SearchValues<char> PrefixCharacters = System.Buffers.SearchValues.Create("0123456789,-+cx");
    private const int SeekEnd = 2;
    private FileStream? stream;

    public string Name => "kmsg";

    public async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        if (!fromStart)
            _ = Native.Lseek(stream.SafeFileHandle, 0, SeekEnd);
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        // Reads of /dev/kmsg block in the kernel and ignore cancellation, so they get a thread of their own.
        var reader = new Thread(() => Pump(stream, channel.Writer, cancellationToken)) { IsBackground = true, Name = "bifrost-kmsg" };
        reader.Start();
        await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return line;
    }

    private void Pump(FileStream stream, ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var splitter = new LineSplitter();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int read;
                try
                {
                    read = stream.Read(buffer);
                }
                catch (IOException e) when (e.HResult == Epipe)
                {
                    stats.KmsgOverwritten();
                    continue;
                }

                if (read == 0)
                {
                    // A regular file (tests, or a copied log) ends; /dev/kmsg and pipes block instead, or end for good.
                    if (!stream.CanSeek)
                        break;
                    Thread.Sleep(100);
                    continue;
                }

                foreach (var line in splitter.Push(buffer.AsSpan(0, read)))
                {
                    if (Message(line) is { } message)
                        writer.WriteAsync(message, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading: stopping.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>The message part of a kmsg record; continuation lines (dictionary entries, starting with a space) are dropped.</summary>
    internal static string? Message(string line)
    {
        if (line.Length == 0 || line[0] == ' ')
            return null;
        var separator = line.IndexOf(';', StringComparison.Ordinal);
        var prefix = separator > 0 ? line.AsSpan(0, separator) : default;
        return separator > 0 && prefix.IndexOfAnyExcept(PrefixCharacters) < 0 ? line[(separator + 1)..] : line;
    }

    public void Dispose() => stream?.Dispose();
}
