using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Moves acknowledged reports from the write-ahead log into the profile store: every interval it seals the log,
/// merges the reports of each workload into its BifrostProfile (creating it on a workload's first report) with
/// one optimistic write, and forgets the sealed segments only when every write succeeded. A crash at any point
/// leaves the segments to be merged again, which changes nothing for reports already applied.
/// It runs on the leader only, beside the lifecycle: the leader is the one writer of BifrostProfile status, and the
/// intake takes reports only there. A replica that lost the lease keeps what it acknowledged until it leads again,
/// or merges it on its way out (an optimistic write, retried on conflict), so nothing acknowledged is lost.
/// </summary>
internal sealed class IntakeFlusher(
    ILeadership leadership,
    WriteAheadLog<ObservationReport> log,
    IProfileStore store,
    ProfileMerger merger,
    IEventSink events,
    IOptions<IntakeOptions> options,
    IntakeMetrics metrics,
    TimeProvider time,
    ILogger<IntakeFlusher> logger) : BackgroundService
{
    private const int MaxConflictRetries = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IntakeLog.Started(logger, Path.GetFullPath(options.Value.WalDirectory), options.Value.FlushInterval);
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (leadership.IsLeader)
                    await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // A last merge on the way out, so a drained replica leaves nothing behind in its log.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await FlushAsync(last.Token).ConfigureAwait(false);
    }

    /// <summary>Merges everything the log holds; false when something stays for the next try.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            // One segment at a time, forgotten once its workloads are written: memory stays bounded by a segment.
            foreach (var segment in await log.SealAsync(cancellationToken).ConfigureAwait(false))
            {
                var newRules = 0;
                var workloads = segment.Records.GroupBy(r => new WorkloadIdentity(r.WorkloadNamespace, r.Workload.Kind, r.Workload.Name)).ToList();
                foreach (var workload in workloads)
                    newRules += await MergeAsync(workload.Key, workload.ToList(), cancellationToken).ConfigureAwait(false);
                log.Delete(segment);
                if (segment.Records.Count > 0)
                {
                    metrics.Flushed(ok: true);
                    metrics.Learned(newRules);
                    IntakeLog.Flushed(logger, segment.Records.Count, workloads.Count, newRules);
                }
            }

            return true;
        }
#pragma warning disable CA1031 // The reports stay in the log and are merged on the next tick.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            metrics.Flushed(ok: false);
            IntakeLog.FlushFailed(logger, e);
            return false;
        }
    }

    private async Task<int> MergeAsync(WorkloadIdentity workload, IReadOnlyList<ObservationReport> reports, CancellationToken cancellationToken)
    {
        var name = BifrostProfile.NameFor(workload);
        for (var attempt = 1; ; attempt++)
        {
            var profile = await store.GetAsync(workload.Namespace, name, cancellationToken).ConfigureAwait(false);
            // Package findings describe what a workload learned: they never create its BifrostProfile (it was deleted).
            if (profile is null && reports.All(r => r.Source == ReportSource.Packages))
                return 0;
            profile ??= await CreateAsync(workload, name, cancellationToken).ConfigureAwait(false);
            var result = merger.Merge(profile.Status, [.. reports.Select(report => new ReportInput
            {
                PodUid = report.Pod.Uid,
                Sequence = report.Sequence,
                Dropped = report.Dropped,
                Observations = report.Observations,
                Source = report.Source,
                Images = report.Images,
                StartMissed = report.Containers?.Where(c => c.StartMissed && c.Name is not null).Select(c => c.Name!).ToHashSet(StringComparer.Ordinal),
                Tracer = report.Tracer,
                Packages = report.Packages,
                PodName = report.Pod.Name,
                Node = report.Pod.Node,
            })], time.GetUtcNow());
            var status = result.Status;
            var newRules = result.NewRules;
            if (result.Resend)
                return 0;
            try
            {
                var written = await store.UpdateStatusAsync(profile with { Status = status }, cancellationToken).ConfigureAwait(false);
                await RecordAsync(written, result.Events, cancellationToken).ConfigureAwait(false);
                return newRules;
            }
            catch (ProfileConflictException) when (attempt < MaxConflictRetries)
            {
                // Another writer (a replica's flush, the lifecycle) got there first: read again and merge again.
            }
        }
    }

    private async Task RecordAsync(BifrostProfile profile, IReadOnlyList<LifecycleEvent> happened, CancellationToken cancellationToken)
    {
        foreach (var e in happened)
        {
            IntakeLog.Noticed(logger, e.Reason, profile.Metadata.Namespace, profile.Metadata.Name, e.Message);
            try
            {
                await events.RecordAsync(profile, e, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An Event that cannot be recorded must not undo the merge.
            catch (Exception failure) when (failure is not OperationCanceledException)
#pragma warning restore CA1031
            {
                IntakeLog.EventFailed(logger, failure, e.Reason, profile.Metadata.Namespace, profile.Metadata.Name);
            }
        }
    }

    private async Task<BifrostProfile> CreateAsync(WorkloadIdentity workload, string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var profile = new BifrostProfile
        {
            Metadata = new ObjectMeta { Name = name, Namespace = workload.Namespace },
            Spec = new BifrostProfileSpec { Workload = new WorkloadReference(workload.Kind, workload.Name) },
            Status = new BifrostProfileStatus { Phase = ProfilePhase.Learning, LearningSince = now, PhaseSince = now },
        };
        try
        {
            var created = await store.CreateAsync(profile, cancellationToken).ConfigureAwait(false);
            IntakeLog.Created(logger, workload.Namespace, name, workload.Kind, workload.Name);
            return created;
        }
        catch (ProfileConflictException)
        {
            // Created meanwhile by another replica.
            return await store.GetAsync(workload.Namespace, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"BifrostProfile {workload.Namespace}/{name} vanished while being created");
        }
    }
}
