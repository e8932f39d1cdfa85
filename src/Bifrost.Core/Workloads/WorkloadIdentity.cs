namespace Bifrost.Core.Workloads;

/// <summary>The workload a pod belongs to: Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, another owner, or the bare pod.</summary>
public sealed record WorkloadIdentity(string Namespace, string Kind, string Name)
{
    public override string ToString() => $"{Namespace}/{Kind}/{Name}";
}
