using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>The sink until a learning intake and rollback endpoint are wired: says what it would send.</summary>
internal sealed class LoggingAuditSink(ILogger<LoggingAuditSink> logger) : IAuditSink
{
    public Task LearnAsync(IReadOnlyList<ObservationBatch> batches, CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
            AuditLog.LearningBatch(logger, batch.Profile, batch.Observations.Count);
        return Task.CompletedTask;
    }

    public Task RollBackAsync(IReadOnlyList<RollbackDecision> decisions, CancellationToken cancellationToken)
    {
        foreach (var decision in decisions)
            AuditLog.Rollback(logger, decision.Profile, decision.Denials, decision.Denied.Count);
        return Task.CompletedTask;
    }
}
