using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>
/// Where the agent hands what audit records mean: observations for learning profiles, and decisions to roll
/// enforcing workloads back. Called every second, also with nothing new, so that a sink can retry what it holds.
/// </summary>
internal interface IAuditSink
{
    Task HandOnAsync(IReadOnlyList<ObservationBatch> learning, IReadOnlyList<RollbackDecision> rollbacks, CancellationToken cancellationToken);
}
