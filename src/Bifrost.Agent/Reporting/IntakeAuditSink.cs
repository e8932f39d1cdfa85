using Bifrost.Agent.Audit;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Reporting;

namespace Bifrost.Agent.Reporting;

/// <summary>
/// Sends what audit records showed to the webhook's intake, the same <c>POST /v1/observations</c> tracers use:
/// ALLOWED accesses of learning profiles as <c>audit</c> reports, rollback decisions as <c>denied</c> reports. Reports
/// wait in order until acknowledged, retried with backoff; past <see cref="AgentOptions.MaxPendingReports"/> the
/// oldest learning report is dropped and counted, while denials are kept, since they are what rolls a workload back.
/// </summary>
internal sealed class IntakeAuditSink(AuditReports reports, ReportSender sender, AuditStats stats, AgentOptions options, TimeProvider time, ILogger<IntakeAuditSink> logger) : IAuditSink
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly LinkedList<ObservationReport> pending = new();
    private TimeSpan backoff;
    private DateTimeOffset notBefore = DateTimeOffset.MinValue;

    public int Pending => pending.Count;

    public async Task HandOnAsync(IReadOnlyList<ObservationBatch> learning, IReadOnlyList<RollbackDecision> rollbacks, CancellationToken cancellationToken)
    {
        foreach (var decision in rollbacks)
            AuditLog.Rollback(logger, decision.Profile, decision.Denials, decision.Denied.Count);
        foreach (var report in reports.Learning(learning).Concat(reports.Denied(rollbacks)))
            Enqueue(report);
        stats.UnattributedTotal(reports.Unattributed);
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
        stats.Pending(pending.Count);
    }

    private void Enqueue(ObservationReport report)
    {
        pending.AddLast(report);
        while (pending.Count > options.MaxPendingReports && pending.FirstOrDefault(r => r.Source != ReportSource.Denied) is { } oldest)
        {
            pending.Remove(oldest);
            stats.ReportDropped();
        }
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < notBefore)
            return;
        while (pending.First is { } next)
        {
            var failure = await sender.SendAsync(next.Value, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                stats.ReportFailed();
                backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                notBefore = time.GetUtcNow() + backoff;
                ReportingLog.SendFailed(logger, next.Value.Source, next.Value.Workload.Namespace, next.Value.Workload.Name, failure, pending.Count, backoff);
                return;
            }

            pending.RemoveFirst();
            backoff = TimeSpan.Zero;
            stats.ReportSent();
            ReportingLog.Sent(logger, next.Value.Source, next.Value.Workload.Namespace, next.Value.Workload.Name, next.Value.Observations.Count);
        }
    }
}
