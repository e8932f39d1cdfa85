using System.Collections.Concurrent;
using System.Threading.Channels;
using Bifrost.Core.Admission;
using Bifrost.Core.Learning;
using Bifrost.Core.Workloads;
using Bifrost.Webhook.Lifecycle;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// When admission gives a workload's pods profiles but no tracer (hostNetwork, Pod Security), an Event
/// <c>TracerSkipped</c> on the workload says why it learns from audit records only, where <c>kubectl describe</c>
/// shows it. At most one per workload and reason per <see cref="Interval"/> on each replica. Recorded in the
/// background: admission never waits for the API server, and a full queue drops the Event (the log line stays).
/// </summary>
internal sealed class TracerSkipEvents(IEventSink sink, TimeProvider time, ILogger<TracerSkipEvents> logger) : BackgroundService
{
    public const string Reason = "TracerSkipped";

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private const int MaxRemembered = 10_000;

    private readonly Channel<(WorkloadIdentity Workload, LifecycleEvent Event)> queue =
        Channel.CreateBounded<(WorkloadIdentity, LifecycleEvent)>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly ConcurrentDictionary<(WorkloadIdentity, string), DateTimeOffset> last = new();

    /// <summary>Called for every answered review; only a pod that got profiles without the tracer counts.</summary>
    public void Offer(AdmissionRequest request, AdmissionDecision decision)
    {
        if (request.DryRun || decision is not { Outcome: AdmissionOutcome.ProfileOnly, Reason: { } reason, Workload: { } workload })
            return;
        var now = time.GetUtcNow();
        var key = (workload, reason);
        if (last.TryGetValue(key, out var at))
        {
            if (now - at < Interval || !last.TryUpdate(key, now, at))
                return;
        }
        else
        {
            if (last.Count >= MaxRemembered)
                last.Clear();
            if (!last.TryAdd(key, now))
                return;
        }

        var why = decision.Warnings is [var warning, ..] ? warning.Replace("bifrost: ", "", StringComparison.Ordinal) : $"no tracer ({reason})";
        var message = $"Pods of {workload.Kind} {workload.Namespace}/{workload.Name} get no tracer ({reason}): {why}";
        queue.Writer.TryWrite((workload, new LifecycleEvent(Reason, message)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (workload, lifecycleEvent) in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sink.RecordAsync(workload, lifecycleEvent, stoppingToken).ConfigureAwait(false);
                AdmissionLog.TracerSkipped(logger, workload.ToString(), lifecycleEvent.Message);
            }
#pragma warning disable CA1031 // An Event that cannot be written is logged; the next interval tries again.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AdmissionLog.TracerSkippedEventFailed(logger, e, workload.ToString());
            }
        }
    }
}
