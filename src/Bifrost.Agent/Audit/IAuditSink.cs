using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>
/// Where the agent hands what audit records mean: observations for learning profiles, and decisions to roll
/// enforcing workloads back. The learning intake and the controller's rollback are the lead's to wire; until then
/// the agent logs both.
/// </summary>
internal interface IAuditSink
{
    Task LearnAsync(IReadOnlyList<ObservationBatch> batches, CancellationToken cancellationToken);

    Task RollBackAsync(IReadOnlyList<RollbackDecision> decisions, CancellationToken cancellationToken);
}
