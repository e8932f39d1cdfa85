using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bifrost.Agent.Cluster;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Support;

/// <summary>An API server in memory: tests push profile and pod events and read the BifrostNode statuses the agent wrote.</summary>
internal sealed class FakeClusterClient(Func<IReadOnlyDictionary<string, string>> kernelList) : IClusterClient
{
    private readonly Channel<ProfileEvent> events = Channel.CreateUnbounded<ProfileEvent>();
    private readonly Channel<PodEvent> pods = Channel.CreateUnbounded<PodEvent>();
    private readonly Channel<BifrostNodeStatus> written = Channel.CreateUnbounded<BifrostNodeStatus>();

    /// <summary>The kernel's profile list at the moment the agent first called the API server.</summary>
    public IReadOnlyDictionary<string, string>? KernelAtFirstCall { get; private set; }

    public string? Node { get; private set; }

    public void Push(ProfileEvent change) => events.Writer.TryWrite(change);

    public void Push(PodEvent change) => pods.Writer.TryWrite(change);

    /// <summary>The node the agent asked for pods of.</summary>
    public string? PodsOfNode { get; private set; }

    public async Task<BifrostNodeStatus> NextStatusAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await written.Reader.ReadAsync(deadline.Token);
    }

    public async IAsyncEnumerable<ProfileEvent> WatchProfilesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        KernelAtFirstCall ??= kernelList();
        await foreach (var change in events.Reader.ReadAllAsync(cancellationToken))
            yield return change;
    }

    public async IAsyncEnumerable<PodEvent> WatchPodsAsync(string nodeName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PodsOfNode = nodeName;
        await foreach (var change in pods.Reader.ReadAllAsync(cancellationToken))
            yield return change;
    }

    public Task WriteNodeStatusAsync(string nodeName, BifrostNodeStatus status, CancellationToken cancellationToken)
    {
        Node = nodeName;
        written.Writer.TryWrite(status);
        return Task.CompletedTask;
    }
}
