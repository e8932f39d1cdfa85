namespace Bifrost.Kubernetes.Leadership;

/// <summary>
/// Whether this replica runs the learning controller. Every replica serves admission and intake; only the leader
/// writes phases, emits Events and restarts workloads, so two replicas never do it twice.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }
}
