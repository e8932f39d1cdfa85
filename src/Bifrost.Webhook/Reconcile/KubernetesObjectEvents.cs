using Bifrost.Kubernetes.Events;
using k8s;
using k8s.Models;

namespace Bifrost.Webhook.Reconcile;

/// <summary>core/v1 Events through the API server, where <c>kubectl describe</c> shows them.</summary>
internal sealed class KubernetesObjectEvents(IKubernetes client, TimeProvider time) : IObjectEvents
{
    private readonly EventRecorder recorder = new(client, time);

    public Task RecordAsync(V1ObjectReference involved, string reason, string message, bool warning, CancellationToken cancellationToken) =>
        recorder.RecordAsync(involved, reason, message, warning, cancellationToken);
}
