namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>A body sent chunked, so the server cannot reject it by Content-Length and must count while reading.</summary>
internal sealed class UnsizedContent(int size) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            for (var sent = 0; sent < size; sent += chunk.Length)
                await stream.WriteAsync(chunk);
        }
        catch (IOException)
        {
            // The server may answer 413 and close before everything is sent.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
