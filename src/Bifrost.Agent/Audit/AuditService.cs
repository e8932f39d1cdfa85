using Bifrost.Agent.Cluster;
using Bifrost.Core.Audit;

namespace Bifrost.Agent.Audit;

/// <summary>Reads audit records for the life of the agent and hands on what they mean every second.</summary>
internal sealed class AuditService(
    AuditSourceSelector selector,
    AuditStats stats,
    AgentStatus status,
    DesiredProfiles desired,
    IAuditSink sink,
    AgentOptions options,
    TimeProvider time,
    ILogger<AuditService> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var source = selector.Select();
        status.AuditSource = source?.Name ?? "none";
        if (source is null)
            return;

        var policy = new RollbackPolicy { Gather = options.RollbackGather, Cooldown = options.RollbackCooldown };
        var pipeline = new AuditPipeline(stats, policy, desired.ModeOf);
        var gate = new Lock();
        using var flusher = new PeriodicTimer(FlushInterval, time);
        var flushing = FlushLoopAsync(pipeline, gate, flusher, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await foreach (var line in source.ReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    lock (gate)
                        pipeline.Process(line, time.GetUtcNow());
                }

                AuditLog.SourceEnded(logger, source.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await flushing.ConfigureAwait(false);
    }

    private async Task FlushLoopAsync(AuditPipeline pipeline, Lock gate, PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                IReadOnlyList<ObservationBatch> learning;
                IReadOnlyList<RollbackDecision> rollbacks;
                lock (gate)
                    (learning, rollbacks) = pipeline.Flush(time.GetUtcNow());
                try
                {
                    await sink.HandOnAsync(learning, rollbacks, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    AuditLog.SinkFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
