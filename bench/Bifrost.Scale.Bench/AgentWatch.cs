namespace Bifrost.Scale.Bench;

/// <summary>
/// One node agent's watch of BifrostProfiles, as the agent opens it (every namespace, bookmarks, no selector: see
/// <c>KubernetesClusterClient.WatchProfilesAsync</c>): counts the events and bytes it receives, keeping none of them.
/// </summary>
internal sealed class AgentWatch(HttpClient http, Uri server) : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task? reading;
    private long events;
    private long bytes;

    public void Start(string resourceVersion) => reading = ReadAsync(resourceVersion, stop.Token);

    public (long Events, long Bytes) Take() => (Interlocked.Exchange(ref events, 0), Interlocked.Exchange(ref bytes, 0));

    private async Task ReadAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var uri = new Uri(server, $"apis/bifrost.io/v1alpha1/bifrostprofiles?watch=true&allowWatchBookmarks=true&resourceVersion={resourceVersion}&timeoutSeconds=3600");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                Interlocked.Increment(ref events);
                Interlocked.Add(ref bytes, System.Text.Encoding.UTF8.GetByteCount(line) + 1);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (reading is not null)
            await reading;
        stop.Dispose();
    }
}
