using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>Where lifecycle events go besides the log: Kubernetes Events on the workload in a cluster.</summary>
internal interface IEventSink
{
    Task RecordAsync(WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken);

    Task RecordAsync(BifrostProfile profile, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) =>
        RecordAsync(new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name), lifecycleEvent, cancellationToken);
}

/// <summary>Local mode: the log line is the record.</summary>
internal sealed class NoEventSink : IEventSink
{
    public Task RecordAsync(WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
