using Bifrost.Core.Learning;
using Bifrost.Core.Workloads;
using k8s;
using k8s.Models;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>Records each lifecycle event as a core/v1 Event on the workload, where <c>kubectl describe</c> shows it.</summary>
internal sealed class KubernetesEventSink(IKubernetes client, TimeProvider time) : IEventSink
{
    public async Task RecordAsync(WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{workload.Name}.bifrost-", NamespaceProperty = workload.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = ApiVersionOf(workload.Kind),
                Kind = workload.Kind,
                Name = workload.Name,
                NamespaceProperty = workload.Namespace,
            },
            Reason = lifecycleEvent.Reason,
            Message = lifecycleEvent.Message,
            Type = lifecycleEvent.Warning ? "Warning" : "Normal",
            Source = new V1EventSource { Component = "bifrost" },
            ReportingComponent = "bifrost.io/controller",
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await client.CoreV1.CreateNamespacedEventAsync(@event, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static string ApiVersionOf(string kind) => kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1",
        "Job" or "CronJob" => "batch/v1",
        _ => "v1",
    };
}
