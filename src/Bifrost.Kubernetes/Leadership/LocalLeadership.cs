namespace Bifrost.Kubernetes.Leadership;

/// <summary>One machine, one process: it always leads.</summary>
public sealed class LocalLeadership : ILeadership
{
    public LocalLeadership(LeadershipMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Leading(true);
    }

    public bool IsLeader => true;
}
