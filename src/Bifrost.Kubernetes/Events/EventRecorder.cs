using k8s;
using k8s.Models;

namespace Bifrost.Kubernetes.Events;

/// <summary>Writes core/v1 Events on an object, where <c>kubectl describe</c> and event exporters find them.</summary>
public sealed class EventRecorder(IKubernetes client, TimeProvider time)
{
    /// <summary>The Events' source component.</summary>
    public const string Component = "bifrost";

    /// <summary>One Event on <paramref name="involved"/>, in its namespace, reported by this process.</summary>
    public async Task RecordAsync(V1ObjectReference involved, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var now = time.GetUtcNow().UtcDateTime;
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{involved.Name}.bifrost-", NamespaceProperty = involved.NamespaceProperty },
            InvolvedObject = involved,
            Reason = reason,
            Message = message,
            Type = warning ? "Warning" : "Normal",
            Source = new V1EventSource { Component = Component },
            ReportingComponent = "bifrost.io/controller",
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await client.CoreV1.CreateNamespacedEventAsync(@event, involved.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A reference to a workload by kind, namespace and name, with the API version of its kind.</summary>
    public static V1ObjectReference Workload(string kind, string @namespace, string name) => new()
    {
        ApiVersion = ApiVersionOf(kind),
        Kind = kind,
        Name = name,
        NamespaceProperty = @namespace,
    };

    public static string ApiVersionOf(string kind) => kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1",
        "Job" or "CronJob" => "batch/v1",
        _ => "v1",
    };
}
