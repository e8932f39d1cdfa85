using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes.Events;
using k8s;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// Records each lifecycle event as a core/v1 Event on the workload, where <c>kubectl describe deployment</c> shows it,
/// and, for an event about a BifrostProfile, on that object too, where <c>kubectl describe bifrostprofile</c> shows it.
/// Each names its object's uid, which <c>kubectl describe</c> selects on.
/// </summary>
internal sealed class KubernetesEventSink(IKubernetes client, TimeProvider time) : IEventSink
{
    private readonly EventRecorder events = new(client, time);

    public Task RecordAsync(WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) =>
        events.RecordAsync(
            EventRecorder.Workload(workload.Kind, workload.Namespace, workload.Name),
            lifecycleEvent.Reason, lifecycleEvent.Message, lifecycleEvent.Warning, cancellationToken);

    public async Task RecordAsync(BifrostProfile profile, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        await RecordAsync(new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name), lifecycleEvent, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(EventRecorder.Profile(profile), lifecycleEvent.Reason, lifecycleEvent.Message, lifecycleEvent.Warning, cancellationToken).ConfigureAwait(false);
    }
}
