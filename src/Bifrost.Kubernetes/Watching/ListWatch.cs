using System.Runtime.CompilerServices;

namespace Bifrost.Kubernetes.Watching;

/// <summary>
/// The one list-watch loop every component uses, the way a client-go reflector runs: list, then watch from the
/// list's resource version; renew the watch when the server ends it, list again when the version expired (410
/// Gone), and back off with jitter while the API server fails. Bookmarks only move the resource version on.
/// </summary>
public static class ListWatch
{
    /// <summary>Lists and watches until cancelled; failures are reported to <paramref name="failed"/> and retried.</summary>
    /// <param name="source">Lists and watches the objects.</param>
    /// <param name="backoff">The waits after failures, and after a watch the server closed empty.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="failed">The error, the failures in a row and the wait before the next attempt.</param>
    /// <param name="cancellationToken">Ends the loop.</param>
    public static async IAsyncEnumerable<ListWatchEvent<T>> ReadAsync<T>(
        IListWatchSource<T> source, Backoff backoff, TimeProvider time, Action<Exception, int, TimeSpan> failed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? error = null;
            var steps = ListThenWatchAsync(source, backoff, time, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await steps.MoveNextAsync().ConfigureAwait(false))
                            break;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        yield break;
                    }
#pragma warning disable CA1031 // Any failure of the API server is retried; the reader keeps what it last had meanwhile.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        error = e;
                        break;
                    }

                    if (steps.Current.List is not null)
                        failures = 0;
                    yield return steps.Current;
                }
            }
            finally
            {
                await steps.DisposeAsync().ConfigureAwait(false);
            }

            if (error is null)
                continue;
            failures++;
            var delay = backoff.Delay(failures);
            failed(error, failures, delay);
            if (!await DelayAsync(delay, time, cancellationToken).ConfigureAwait(false))
                yield break;
        }
    }

    /// <summary>One list and the watches after it, until the version expires (ends) or a call fails (throws).</summary>
    private static async IAsyncEnumerable<ListWatchEvent<T>> ListThenWatchAsync<T>(
        IListWatchSource<T> source, Backoff backoff, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        yield return new ListWatchEvent<T>(list, null);
        var resourceVersion = list.ResourceVersion;
        while (true)
        {
            var events = 0;
            await foreach (var change in source.WatchAsync(resourceVersion, cancellationToken).ConfigureAwait(false))
            {
                events++;
                if (change.Type == WatchChangeType.Expired)
                {
                    yield return new ListWatchEvent<T>(null, change with { ResourceVersion = resourceVersion });
                    yield break;
                }

                if (change.ResourceVersion is { Length: > 0 } version)
                    resourceVersion = version;
                if (change.Type == WatchChangeType.Bookmark || change.Item is null)
                    continue;
                yield return new ListWatchEvent<T>(null, change);
            }

            // A watch the server closed at once, with nothing in it, must not turn into a busy loop.
            if (events == 0)
                await Task.Delay(backoff.Min, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
