using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>The sink when no intake is configured (<c>Bifrost:Agent:ReportEndpoint</c> empty): says what it saw.</summary>
internal sealed class LoggingAuditSink(ILogger<LoggingAuditSink> logger) : IAuditSink
{
    public Task HandOnAsync(IReadOnlyList<ObservationBatch> learning, IReadOnlyList<RollbackDecision> rollbacks, CancellationToken cancellationToken)
    {
        foreach (var batch in learning)
            AuditLog.LearningBatch(logger, batch.Profile, batch.Observations.Count);
        foreach (var decision in rollbacks)
            AuditLog.Rollback(logger, decision.Profile, decision.Denials, decision.Denied.Count);
        return Task.CompletedTask;
    }
}
