using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;

namespace Bifrost.Kubernetes.Watching;

/// <summary>Turns the client's watch stream into <see cref="WatchChange{T}"/>s, with 410 Gone as <see cref="WatchChangeType.Expired"/>.</summary>
public static class KubernetesWatch
{
    /// <param name="open">Starts the watch; the client reports server-side errors (an ERROR event) through the callback, not as items.</param>
    /// <param name="convert">One event as a change; null to skip an object that cannot be read.</param>
    /// <param name="what">The watched resource, for error messages.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static async IAsyncEnumerable<WatchChange<T>> ReadAsync<TObject, T>(
        Func<Action<Exception>, IAsyncEnumerable<(WatchEventType, TObject)>> open,
        Func<WatchEventType, TObject, WatchChange<T>?> convert,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? error = null;
        var enumerator = open(e => error ??= e).GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (error is null)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        break;
                }
                catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    error = e;
                    break;
                }

                var (type, item) = enumerator.Current;
                if (convert(type, item) is { } change)
                    yield return change;
            }
        }

        if (error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone } or HttpOperationException { Response.StatusCode: HttpStatusCode.Gone })
            yield return new WatchChange<T>(WatchChangeType.Expired, default, null);
        else if (error is not null)
            throw new InvalidOperationException($"{what} watch failed: {error.Message}", error);
    }

    /// <summary>The client's event type as a change type; anything else (bookmarks) only moves the resource version on.</summary>
    public static WatchChangeType TypeOf(WatchEventType type) => type switch
    {
        WatchEventType.Added => WatchChangeType.Added,
        WatchEventType.Modified => WatchChangeType.Modified,
        WatchEventType.Deleted => WatchChangeType.Deleted,
        _ => WatchChangeType.Bookmark,
    };
}
