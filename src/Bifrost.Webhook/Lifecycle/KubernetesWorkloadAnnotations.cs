using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes.Events;
using k8s;
using k8s.Autorest;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// Reads a workload's annotations from the API server (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
/// bare Pod), its pod template's winning over its own. Answers are kept for <see cref="MaxAge"/>, so a workload that
/// waits in Stable costs one read per interval, not one per controller round.
/// </summary>
internal sealed class KubernetesWorkloadAnnotations(IKubernetes client, TimeProvider time) : IWorkloadAnnotations
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<WorkloadIdentity, (DateTimeOffset At, IReadOnlyDictionary<string, string>? Annotations)> read = new();

    public async Task<IReadOnlyDictionary<string, string>?> ReadAsync(WorkloadIdentity workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var now = time.GetUtcNow();
        if (read.TryGetValue(workload, out var known) && now - known.At < MaxAge)
            return known.Annotations;
        var annotations = await FetchAsync(workload, cancellationToken).ConfigureAwait(false);
        if (read.Count >= MaxRemembered)
            read.Clear();
        read[workload] = (now, annotations);
        return annotations;
    }

    private async Task<IReadOnlyDictionary<string, string>?> FetchAsync(WorkloadIdentity workload, CancellationToken cancellationToken)
    {
        var plural = workload.Kind switch
        {
            "Pod" => "pods",
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "CronJob" => workload.Kind.ToLowerInvariant() + "s",
            _ => null,
        };
        if (plural is null)
            return null;
        JsonElement found;
        try
        {
            if (workload.Kind == "Pod")
            {
                var pod = await client.CoreV1.ReadNamespacedPodAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return pod.Metadata?.Annotations is { } podAnnotations ? new Dictionary<string, string>(podAnnotations, StringComparer.Ordinal) : new Dictionary<string, string>();
            }

            var (group, version) = EventRecorder.ApiVersionOf(workload.Kind).Split('/') is [var g, var v] ? (g, v) : ("", "v1");
            found = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                group, version, workload.Namespace, plural, workload.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var template = workload.Kind == "CronJob" ? At(found, "spec", "jobTemplate", "spec", "template") : At(found, "spec", "template");
        var merged = Annotations(found);
        foreach (var (key, value) in Annotations(template))
            merged[key] = value;
        return merged;
    }

    private static Dictionary<string, string> Annotations(JsonElement? item)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (At(item, "metadata", "annotations") is { ValueKind: JsonValueKind.Object } found)
        {
            foreach (var pair in found.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                annotations[pair.Name] = pair.Value.GetString()!;
        }

        return annotations;
    }

    private static JsonElement? At(JsonElement? element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element is not { ValueKind: JsonValueKind.Object } current || !current.TryGetProperty(name, out var next))
                return null;
            element = next;
        }

        return element;
    }
}
