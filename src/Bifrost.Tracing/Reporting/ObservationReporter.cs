using Bifrost.Core.Observations;
using Bifrost.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Tracing.Reporting;

/// <summary>
/// Sends new observations to the webhook service in numbered batches. A batch stays in memory, with its
/// number, until a 2xx acknowledges it; failures back off exponentially. Nothing is lost while the service is
/// down unless more than <see cref="ReporterOptions.MaxPending"/> observations pile up, and those are counted.
/// </summary>
public sealed class ObservationReporter
{
    private readonly ReporterOptions options;
    private readonly ReportSender sender;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Func<long> kernelDrops;
    private readonly Lock gate = new();
    private readonly Queue<Observation> pending = new();
    private ObservationReport? inFlight;
    private long nextSequence;
    private long reportedDrops;
    private long droppedHere;
    private TimeSpan backoff;
    private DateTimeOffset notBefore = DateTimeOffset.MinValue;
    private readonly HashSet<string> byId = new(StringComparer.Ordinal);
    private readonly HashSet<string> startMissed = new(StringComparer.Ordinal);
    private TracerState? state;
    private bool stateUnsent;

    public ObservationReporter(ReporterOptions options, HttpClient http, TimeProvider time, Func<long>? kernelDrops = null, ILogger? logger = null)
    {
        this.options = options;
        sender = new ReportSender(http, options.Endpoint, options.TokenFile);
        this.time = time;
        this.kernelDrops = kernelDrops ?? (() => 0);
        this.logger = logger ?? NullLogger.Instance;
        nextSequence = ReportSequence.First(time);
    }

    /// <summary>Observations lost because the pending bound was reached.</summary>
    public long DroppedHere => Interlocked.Read(ref droppedHere);

    /// <summary>Observations (and the in-flight batch) not yet acknowledged.</summary>
    public int Pending
    {
        get
        {
            lock (gate)
            {
                return pending.Count + (inFlight?.Observations.Count ?? 0);
            }
        }
    }

    /// <summary>Observations of this container name it by runtime id: reports list it for the controller to name.</summary>
    public void NameById(string containerId)
    {
        lock (gate)
        {
            byId.Add(containerId);
        }
    }

    /// <summary>The container was already running when the tracer attached; reports say so with its observations.</summary>
    public void MarkStartMissed(string container)
    {
        lock (gate)
        {
            startMissed.Add(container);
        }
    }

    /// <summary>The tracer's state goes with the next report; a change is sent even when nothing was observed.</summary>
    public void SetState(TracerState tracerState)
    {
        lock (gate)
        {
            state = tracerState;
            stateUnsent = true;
        }
    }

    public void Enqueue(Observation observation)
    {
        lock (gate)
        {
            if (pending.Count >= options.MaxPending)
            {
                if (Interlocked.Increment(ref droppedHere) == 1)
                {
                    ReporterLog.Full(logger, pending.Count);
                }
                return;
            }
            pending.Enqueue(observation);
        }
    }

    /// <summary>Reports every <see cref="ReporterOptions.BatchInterval"/> until cancelled, then flushes once more.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.BatchInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: fall through to the last flush.
        }
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        notBefore = DateTimeOffset.MinValue;
        await FlushAsync(last.Token).ConfigureAwait(false);
    }

    /// <summary>Sends batches until nothing is pending or a send fails; true when everything was acknowledged.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < notBefore)
        {
            return false;
        }
        while (true)
        {
            var report = NextReport();
            if (report is null)
            {
                return true;
            }
            var failure = await sender.SendAsync(report, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                backoff = backoff == TimeSpan.Zero ? options.BatchInterval : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
                notBefore = time.GetUtcNow() + backoff;
                ReporterLog.SendFailed(logger, report.Sequence, failure, backoff);
                return false;
            }
            ReporterLog.Sent(logger, report.Sequence, report.Observations.Count);
            backoff = TimeSpan.Zero;
            lock (gate)
            {
                inFlight = null;
            }
        }
    }

    /// <summary>The containers the batch names by id, and those whose start was missed; null when there are none.</summary>
    private List<ReportContainer>? Containers(List<Observation> batch)
    {
        var named = batch.Select(o => o.Container).Distinct(StringComparer.Ordinal)
            .Where(c => byId.Contains(c) || startMissed.Contains(c))
            .Select(c => byId.Contains(c)
                ? new ReportContainer { Id = c, StartMissed = startMissed.Contains(c) }
                : new ReportContainer { Name = c, StartMissed = true })
            .ToList();
        return named.Count == 0 ? null : named;
    }

    private ObservationReport? NextReport()
    {
        lock (gate)
        {
            if (inFlight is not null)
            {
                return inFlight;
            }
            if (pending.Count == 0 && !stateUnsent)
            {
                return null;
            }
            var batch = new List<Observation>(Math.Min(pending.Count, options.MaxBatch));
            while (batch.Count < options.MaxBatch && pending.TryDequeue(out var o))
            {
                batch.Add(o);
            }
            // Reports carry the drops since the previous one; a resend is this same object, so nothing counts twice.
            var dropped = kernelDrops() + DroppedHere;
            var droppedSinceLast = dropped - reportedDrops;
            reportedDrops = dropped;
            inFlight = new ObservationReport
            {
                Pod = options.Pod,
                Workload = options.Workload,
                Images = options.Images,
                Sequence = nextSequence++,
                Partial = dropped > 0,
                Dropped = droppedSinceLast,
                Observations = batch,
                Containers = Containers(batch),
                Tracer = state,
            };
            stateUnsent = false;
            return inFlight;
        }
    }
}
