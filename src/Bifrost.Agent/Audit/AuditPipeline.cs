using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>
/// From raw lines to what Bifrost acts on: loss lines counted, AppArmor records parsed, ALLOWED records of learning
/// profiles batched for learning, DENIED records of enforce profiles gathered into rate-limited rollback decisions.
/// One reader feeds it; <see cref="Flush"/> is called from the same loop.
/// </summary>
internal sealed class AuditPipeline(AuditStats stats, RollbackPolicy policy, Func<string, ProfileMode?> modeOf)
{
    private readonly LearningBatcher learning = new();
    private readonly RollbackDecider rollback = new(policy);

    public long LearningDropped => learning.Dropped;

    public void Process(string line, DateTimeOffset now)
    {
        stats.Line();
        var loss = AuditLoss.Inspect(line);
        if (loss.Events > 0)
            stats.KernelLimit(loss.Events);
        if (loss.KernelTotal is { } total)
            stats.KernelTotal(total);

        if (AuditRecordParser.Parse(line) is not { } record)
            return;
        stats.Record();
        switch (AuditRouting.Route(record, modeOf))
        {
            case AuditRoute.Learn:
                learning.Offer(record);
                break;
            case AuditRoute.Rollback:
                stats.DeniedRecord();
                rollback.Offer(record, now);
                break;
        }
    }

    /// <summary>Learning batches collected so far and rollback decisions now due.</summary>
    public (IReadOnlyList<ObservationBatch> Learning, IReadOnlyList<RollbackDecision> Rollbacks) Flush(DateTimeOffset now) =>
        (learning.Drain(), rollback.TakeDue(now));
}
