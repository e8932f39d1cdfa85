using Bifrost.Core.Audit;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Audit;

/// <summary>
/// From raw lines to what Bifrost acts on: loss lines counted, AppArmor records parsed, ALLOWED records of learning
/// profiles batched for learning, DENIED records of enforce profiles gathered into rate-limited rollback decisions.
/// One reader feeds it; <see cref="Flush"/> is called from the same loop.
/// </summary>
internal sealed class AuditPipeline(AuditStats stats, RollbackPolicy policy, Func<string, RenderedMode?> modeOf)
{
    private readonly LearningBatcher _learning = new();
    private readonly RollbackDecider _rollback = new(policy);

    public long LearningDropped => _learning.Dropped;

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
                _learning.Offer(record);
                break;
            case AuditRoute.Rollback:
                stats.DeniedRecord();
                _rollback.Offer(record, now);
                break;
        }
    }

    /// <summary>Learning batches collected so far and rollback decisions now due.</summary>
    public (IReadOnlyList<ObservationBatch> Learning, IReadOnlyList<RollbackDecision> Rollbacks) Flush(DateTimeOffset now) =>
        (_learning.Drain(), _rollback.TakeDue(now));
}
