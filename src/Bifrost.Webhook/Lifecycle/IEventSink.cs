using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>Where lifecycle events go besides the log: Kubernetes Events on the workload in a cluster.</summary>
internal interface IEventSink
{
    Task RecordAsync(BifrostProfile profile, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken);
}

/// <summary>Local mode: the log line is the record.</summary>
internal sealed class NoEventSink : IEventSink
{
    public Task RecordAsync(BifrostProfile profile, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
