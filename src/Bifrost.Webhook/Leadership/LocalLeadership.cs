namespace Bifrost.Webhook.Leadership;

/// <summary>One machine, one process: it always leads.</summary>
internal sealed class LocalLeadership : ILeadership
{
    public LocalLeadership(LeadershipMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Leading(true);
    }

    public bool IsLeader => true;
}
