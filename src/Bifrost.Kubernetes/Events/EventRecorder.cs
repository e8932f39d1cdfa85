using System.Net;
using System.Text.Json;
using Bifrost.Core.Profiles;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.Kubernetes.Events;

/// <summary>
/// Writes core/v1 Events on an object, where <c>kubectl describe</c> and event exporters find them. <c>kubectl
/// describe</c> selects Events by the object's uid as well as its name, so a reference without a uid is completed
/// from the object itself (its uid and resourceVersion) before the Event is written; an object that cannot be read
/// (gone, a kind Bifrost does not know, no permission) still gets its Event, by name only.
/// </summary>
public sealed class EventRecorder(IKubernetes client, TimeProvider time)
{
    /// <summary>The Events' source component.</summary>
    public const string Component = "bifrost";

    /// <summary>One Event on <paramref name="involved"/>, in its namespace, reported by this process.</summary>
    public async Task RecordAsync(V1ObjectReference involved, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        if (string.IsNullOrEmpty(involved.Uid))
            involved = await CompleteAsync(involved, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A reference to a BifrostProfile as read or written, uid and resourceVersion included.</summary>
    public static V1ObjectReference Profile(BifrostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new V1ObjectReference
        {
            ApiVersion = profile.ApiVersion,
            Kind = profile.Kind,
            Name = profile.Metadata.Name,
            NamespaceProperty = profile.Metadata.Namespace,
            Uid = profile.Metadata.Uid,
            ResourceVersion = profile.Metadata.ResourceVersion,
        };
    }

    public static string ApiVersionOf(string kind) => kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1",
        "Job" or "CronJob" => "batch/v1",
        _ => "v1",
    };

    /// <summary>The reference with the uid and resourceVersion of the object it names, read from the API server.</summary>
    private async Task<V1ObjectReference> CompleteAsync(V1ObjectReference involved, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = involved.Kind switch
            {
                "Pod" => (await client.CoreV1.ReadNamespacedPodAsync(involved.Name, involved.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                _ when Plural(involved.Kind) is { } plural => await ReadMetadataAsync(involved, plural, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            return metadata?.Uid is { Length: > 0 } uid
                ? new V1ObjectReference
                {
                    ApiVersion = involved.ApiVersion,
                    Kind = involved.Kind,
                    Name = involved.Name,
                    NamespaceProperty = involved.NamespaceProperty,
                    FieldPath = involved.FieldPath,
                    Uid = uid,
                    ResourceVersion = metadata.ResourceVersion,
                }
                : involved;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return involved;
        }
    }

    private async Task<V1ObjectMeta?> ReadMetadataAsync(V1ObjectReference involved, string plural, CancellationToken cancellationToken)
    {
        var (group, version) = involved.ApiVersion.Split('/') is [var g, var v] ? (g, v) : ("", involved.ApiVersion);
        var found = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
            group, version, involved.NamespaceProperty, plural, involved.Name, cancellationToken).ConfigureAwait(false);
        return found.TryGetProperty("metadata", out var metadata) ? KubernetesJson.Deserialize<V1ObjectMeta>(metadata.GetRawText()) : null;
    }

    /// <summary>The resource of a workload kind in a group other than the core one; null for a kind Bifrost cannot read.</summary>
    private static string? Plural(string kind) => kind switch
    {
        "Deployment" => "deployments",
        "StatefulSet" => "statefulsets",
        "DaemonSet" => "daemonsets",
        "ReplicaSet" => "replicasets",
        "Job" => "jobs",
        "CronJob" => "cronjobs",
        _ => null,
    };
}
