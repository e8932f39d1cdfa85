using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;

namespace Bifrost.Webhook.Tests.Namespaces;

/// <summary>An API server stand-in: the test decides what each list returns and feeds each watch its events.</summary>
internal sealed class ScriptedNamespaceSource : IListWatchSource<NamespaceInfo>
{
    private readonly Channel<object> lists = Channel.CreateUnbounded<object>();
    private readonly Channel<Channel<WatchChange<NamespaceInfo>>> watches = Channel.CreateUnbounded<Channel<WatchChange<NamespaceInfo>>>();
    private int listCalls;

    public int ListCalls => Volatile.Read(ref listCalls);

    public ConcurrentQueue<string> WatchedFrom { get; } = new();

    public void List(string resourceVersion, params NamespaceInfo[] items) =>
        lists.Writer.TryWrite(new ListSnapshot<NamespaceInfo>(items, resourceVersion));

    public void FailNextList(Exception error) => lists.Writer.TryWrite(error);

    /// <summary>The watch the informer opens next; complete its writer to end it, with an exception to fail it.</summary>
    public async Task<ChannelWriter<WatchChange<NamespaceInfo>>> NextWatchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return (await watches.Reader.ReadAsync(timeout.Token)).Writer;
    }

    public async Task<ListSnapshot<NamespaceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref listCalls);
        var next = await lists.Reader.ReadAsync(cancellationToken);
        return next as ListSnapshot<NamespaceInfo> ?? throw (Exception)next;
    }

    public async IAsyncEnumerable<WatchChange<NamespaceInfo>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchedFrom.Enqueue(resourceVersion);
        var watch = Channel.CreateUnbounded<WatchChange<NamespaceInfo>>();
        watches.Writer.TryWrite(watch);
        await foreach (var change in watch.Reader.ReadAllAsync(cancellationToken))
            yield return change;
    }

    public static NamespaceInfo Namespace(string name, params (string Key, string Value)[] labels) =>
        new(name, labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));

    public static WatchChange<NamespaceInfo> Event(WatchChangeType type, NamespaceInfo? item, string resourceVersion) => new(type, item, resourceVersion);
}
