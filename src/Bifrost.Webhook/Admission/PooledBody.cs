using System.Buffers;

namespace Bifrost.Webhook.Admission;

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

    public ReadOnlyMemory<byte> Memory => (array ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, Length);

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
