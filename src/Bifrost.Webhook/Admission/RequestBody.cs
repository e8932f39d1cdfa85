using System.Buffers;
using System.IO.Pipelines;

namespace Bifrost.Webhook.Admission;

/// <summary>Reads a whole request body, up to a limit, without trusting Content-Length.</summary>
internal static class RequestBody
{
    /// <summary>The body in a pooled buffer, or null when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<PooledBody?> ReadAsync(PipeReader reader, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var body = PooledBody.Copy(buffer);
                reader.AdvanceTo(buffer.End);
                return body;
            }

            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

/// <summary>A request body in an array rented from the shared pool; dispose to return it.</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? array;

    private PooledBody(byte[] array, int length)
    {
        this.array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (array ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, Length);

    public static PooledBody Copy(ReadOnlySequence<byte> source)
    {
        var length = checked((int)source.Length);
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        source.CopyTo(array);
        return new PooledBody(array, length);
    }

    public void Dispose()
    {
        if (array is { } rented)
            ArrayPool<byte>.Shared.Return(rented);
        array = null;
    }
}
