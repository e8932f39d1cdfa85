using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.Webhook.Restarts;

/// <summary>
/// What <c>kubectl rollout restart</c> does: a strategic-merge patch that stamps the pod template with the time, so the
/// Deployment, StatefulSet or DaemonSet controller replaces the pods under its own rollout strategy. The workload is
/// read once, for its opt-in annotation (unless the caller holds an opt-in of its own); bare pods, Jobs and CronJobs have
/// no rollout and are not restarted.
/// </summary>
internal sealed class KubernetesWorkloadRestarter(IKubernetes client, TimeProvider time) : IWorkloadRestarter
{
    public async Task<WorkloadRestart> RestartAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        var (kind, name) = (profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
        var @namespace = profile.Metadata.Namespace;
        var byProfile = RestartOptIn.ByProfile(profile);
        if (!HasRollingRestart(kind))
        {
            return byProfile
                ? new WorkloadRestart(WorkloadRestartOutcome.Unsupported, $"a {kind} has no rolling restart: its running pods are left alone; new ones get the enforce profile")
                : WorkloadRestart.NotOptedIn;
        }

        var metadata = await ReadAsync(kind, name, @namespace, cancellationToken).ConfigureAwait(false);
        if (!byProfile && !RestartOptIn.IsSet(metadata?.Annotations))
            return WorkloadRestart.NotOptedIn;
        if (metadata is null)
            return new WorkloadRestart(WorkloadRestartOutcome.Failed, $"{kind} {@namespace}/{name} was not found");

        var at = await StampAsync(kind, name, @namespace, cancellationToken).ConfigureAwait(false);
        return new WorkloadRestart(WorkloadRestartOutcome.Restarted,
            $"the pod template was stamped {RestartOptIn.RestartedAtAnnotation}={at}: the pods are replaced in a rolling way and get the enforce profile");
    }

    public async Task<WorkloadRestart> RestartUnprotectedAsync(WorkloadIdentity workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!HasRollingRestart(workload.Kind))
            return new WorkloadRestart(WorkloadRestartOutcome.Unsupported, $"a {workload.Kind} has no rolling restart: delete its unprotected pods to have them admitted again");
        try
        {
            var at = await StampAsync(workload.Kind, workload.Name, workload.Namespace, cancellationToken).ConfigureAwait(false);
            return new WorkloadRestart(WorkloadRestartOutcome.Restarted,
                $"the pod template was stamped {RestartOptIn.RestartedAtAnnotation}={at}: the pods are replaced in a rolling way and admitted by Bifrost");
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return new WorkloadRestart(WorkloadRestartOutcome.Failed, $"{workload.Kind} {workload.Namespace}/{workload.Name} was not found");
        }
    }

    private static bool HasRollingRestart(string kind) => kind is "Deployment" or "StatefulSet" or "DaemonSet";

    private async Task<string> StampAsync(string kind, string name, string @namespace, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var patch = new V1Patch(Stamp(at), V1Patch.PatchType.StrategicMergePatch);
        await (kind switch
        {
            "Deployment" => client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, @namespace, cancellationToken: cancellationToken) as Task,
            "StatefulSet" => client.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, @namespace, cancellationToken: cancellationToken),
            _ => client.AppsV1.PatchNamespacedDaemonSetAsync(patch, name, @namespace, cancellationToken: cancellationToken),
        }).ConfigureAwait(false);
        return at;
    }

    private async Task<V1ObjectMeta?> ReadAsync(string kind, string name, string @namespace, CancellationToken cancellationToken)
    {
        try
        {
            return kind switch
            {
                "Deployment" => (await client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                "StatefulSet" => (await client.AppsV1.ReadNamespacedStatefulSetAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                _ => (await client.AppsV1.ReadNamespacedDaemonSetAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
            };
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Stamp(string at) => new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RestartOptIn.RestartedAtAnnotation] = at } },
            },
        },
    }.ToJsonString();
}
