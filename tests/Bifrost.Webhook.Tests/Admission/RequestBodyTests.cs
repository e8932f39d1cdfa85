using System.IO.Pipelines;
using Bifrost.Webhook.Admission;

namespace Bifrost.Webhook.Tests.Admission;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(9000, 10000)]
    public async Task ReadAsync_BodyWithinLimitInManyWrites_ReturnsEveryByte(int size, long limit)
    {
        var pipe = new Pipe();
        var sent = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var writing = WriteInChunksAsync(pipe.Writer, sent);

        using var body = await RequestBody.ReadAsync(pipe.Reader, limit, CancellationToken.None);
        await writing;

        Assert.NotNull(body);
        Assert.Equal(sent, body.Span.ToArray());
    }

    [Fact]
    public async Task ReadAsync_BodyOneByteOverLimit_ReturnsNull()
    {
        var pipe = new Pipe();
        var writing = WriteInChunksAsync(pipe.Writer, new byte[1025]);

        using var body = await RequestBody.ReadAsync(pipe.Reader, 1024, CancellationToken.None);
        await writing;

        Assert.Null(body);
    }

    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 1000)
        {
            await writer.WriteAsync(data.AsMemory(offset, Math.Min(1000, data.Length - offset)));
            await Task.Yield();
        }

        await writer.CompleteAsync();
    }
}
