using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;
using k8s.Models;

namespace Bifrost.Webhook.Reconcile;

/// <summary>The words of the <c>Unprotected</c> Events: what was found, and what to do about it.</summary>
internal static class UnprotectedEvents
{
    public const string Reason = "Unprotected";
    private const int NamesInAnEvent = 5;

    public static V1ObjectReference Pod(string @namespace, string name, string? uid, string? resourceVersion = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Name = name,
        NamespaceProperty = @namespace,
        // kubectl describe finds a pod's Events by its uid as well as its name.
        Uid = uid,
        ResourceVersion = resourceVersion,
    };

    public static string PodMessage(string @namespace, string name, UnprotectedPod what, bool restarting) =>
        $"Pod {@namespace}/{name} runs without Bifrost's AppArmor profiles: {what.Detail}. {Advice(what.Workload, restarting)}";

    public static string WorkloadMessage(WorkloadIdentity workload, IReadOnlyList<(string Name, string Reason)> pods, bool restarting)
    {
        var names = string.Join(", ", pods.Take(NamesInAnEvent).Select(p => p.Name)) + (pods.Count > NamesInAnEvent ? $" and {pods.Count - NamesInAnEvent} more" : "");
        var reasons = string.Join(", ", pods.Select(p => p.Reason).Distinct());
        return $"{pods.Count} pod(s) of {workload.Kind} {workload.Namespace}/{workload.Name} run without Bifrost's AppArmor profiles ({reasons}): {names}. {Advice(workload, restarting)}";
    }

    private static string Advice(WorkloadIdentity workload, bool restarting) => workload.Kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" when restarting =>
            "Bifrost restarts the workload (Bifrost:Reconcile:RestartUnprotected) so that its new pods are admitted; check that the webhook is serving.",
        "Deployment" or "StatefulSet" or "DaemonSet" =>
            $"Once the webhook is serving, restart it (kubectl rollout restart {workload.Kind.ToLowerInvariant()}/{workload.Name} -n {workload.Namespace}) so that its new pods are admitted, or set Bifrost:Reconcile:RestartUnprotected=true.",
        "Pod" => "Once the webhook is serving, delete and create the pod again so that it is admitted.",
        _ => "Its new pods are admitted while the webhook is serving; these run unprotected until they end or are deleted.",
    };
}
