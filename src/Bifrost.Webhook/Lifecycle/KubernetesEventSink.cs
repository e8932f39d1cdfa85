using Bifrost.Core.Learning;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes.Events;
using k8s;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>Records each lifecycle event as a core/v1 Event on the workload, where <c>kubectl describe</c> shows it.</summary>
internal sealed class KubernetesEventSink(IKubernetes client, TimeProvider time) : IEventSink
{
    private readonly EventRecorder events = new(client, time);

    public Task RecordAsync(WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) =>
        events.RecordAsync(
            EventRecorder.Workload(workload.Kind, workload.Namespace, workload.Name),
            lifecycleEvent.Reason, lifecycleEvent.Message, lifecycleEvent.Warning, cancellationToken);
}
