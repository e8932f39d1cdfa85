namespace Bifrost.Scale.Bench;

/// <summary>Counts one client's API requests by kind, the bytes it sent and received, and 409 conflicts.</summary>
internal sealed class ApiCounter : DelegatingHandler
{
    private long reads;
    private long creates;
    private long statusWrites;
    private long conflicts;
    private long bytesSent;
    private long bytesReceived;

    public ApiCounts Take() => new(
        Interlocked.Exchange(ref reads, 0), Interlocked.Exchange(ref creates, 0), Interlocked.Exchange(ref statusWrites, 0),
        Interlocked.Exchange(ref conflicts, 0), Interlocked.Exchange(ref bytesSent, 0), Interlocked.Exchange(ref bytesReceived, 0));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref bytesSent, (await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).Length);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var watch = request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true;
        if (!watch)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref bytesReceived, (await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).Length);
        }

        if ((int)response.StatusCode == 409)
            Interlocked.Increment(ref conflicts);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.Method == HttpMethod.Get && !watch)
            Interlocked.Increment(ref reads);
        else if (request.Method == HttpMethod.Post)
            Interlocked.Increment(ref creates);
        else if (request.Method == HttpMethod.Put && path.EndsWith("/status", StringComparison.Ordinal))
            Interlocked.Increment(ref statusWrites);
        return response;
    }
}

internal sealed record ApiCounts(long Reads, long Creates, long StatusWrites, long Conflicts, long BytesSent, long BytesReceived)
{
    public long Writes => Creates + StatusWrites;
}
