using System.Text.Json;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// The learning controller: every interval it evaluates each BifrostProfile with <see cref="ProfileLifecycle"/>,
/// writes the status when it changed (a conflict waits for the next round), lets the node gate act on the profiles
/// nodes must load, and reports phase changes as log lines, metrics and Events. Only the leader among the webhook
/// replicas evaluates; a replica that loses the lease does nothing from its next round on.
/// </summary>
internal sealed class LifecycleService(
    IProfileStore store,
    ProfileLifecycle lifecycle,
    INodeGate nodes,
    IEventSink events,
    LocalProfileSnapshot snapshot,
    IOptions<LifecycleOptions> options,
    LifecycleMetrics metrics,
    TimeProvider time,
    ILogger<LifecycleService> logger,
    ILeadership leadership,
    RestartOnEnforce restarts,
    ProfileCache? cache = null,
    IProfileLoading? loading = null,
    EnforcementResolver? enforcement = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LifecycleLog.Started(logger, options.Value.EvaluateInterval, nodes switch
        {
            LocalNodeGate { KernelHasAppArmor: true } => "profiles are loaded into this machine's kernel",
            LocalNodeGate => "this kernel has no AppArmor: profiles are compiled with apparmor_parser, not loaded",
            AgentStatusNodeGate => "this machine's node agent loads the profiles; enforcing waits for its status",
            _ => "enforcing waits for every Linux node's agent",
        });
        using var timer = new PeriodicTimer(options.Value.EvaluateInterval, time);
        try
        {
            do
            {
                await EvaluateAllAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task EvaluateAllAsync(CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
            return;
        try
        {
            var profiles = cache is { IsSynced: true } ? [.. cache.All] : await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var current = new List<BifrostProfile>(profiles.Count);
            foreach (var profile in profiles)
                current.Add(await EvaluateAsync(profile, cancellationToken).ConfigureAwait(false));
            snapshot.Replace(current);
            metrics.Count(current.Select(p => p.Status.Phase));
            metrics.Packages(current);
            metrics.Workloads(current);
        }
#pragma warning disable CA1031 // A failed round is retried on the next tick; the webhook keeps serving.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LifecycleLog.Failed(logger, e);
        }
    }

    private async Task<BifrostProfile> EvaluateAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Only a Stable workload decides between enforcing and waiting for approval; the others need no workload read.
        var choice = enforcement is not null && profile.Status.Phase == ProfilePhase.Stable
            ? await enforcement.ResolveAsync(profile, cancellationToken).ConfigureAwait(false)
            : null;
        var step = lifecycle.Evaluate(profile, nodes, now, choice);
        // Where this process loads profiles itself (local mode), every profile the step names is handed over here, off
        // the gate's queries: learning ones too, so that admission can hand out a container's own once it is loaded.
        // A new outcome may change what the gate answers, so the step is taken again (the renders are cached).
        if (loading is not null && await loading.LoadAsync(step.Status.Containers.SelectMany(c => c.Profiles), cancellationToken).ConfigureAwait(false))
            step = lifecycle.Evaluate(profile, nodes, now, choice);
        if (Same(step.Status, profile.Status))
            return profile;

        BifrostProfile written;
        try
        {
            written = await store.UpdateStatusAsync(profile with { Status = step.Status }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfileConflictException)
        {
            LifecycleLog.Conflict(logger, profile.Metadata.Namespace, profile.Metadata.Name);
            return profile;
        }

        if (step.Status.Phase != profile.Status.Phase)
        {
            LifecycleLog.PhaseChanged(logger, profile.Metadata.Namespace, profile.Metadata.Name, profile.Status.Phase, step.Status.Phase, step.Status.Message);
            metrics.Changed(profile.Status.Phase, step.Status.Phase, time.GetUtcNow() - (profile.Status.LearningSince ?? time.GetUtcNow()));
        }

        foreach (var happened in step.Events)
        {
            if (happened.Warning)
                LifecycleLog.Blocked(logger, profile.Metadata.Namespace, profile.Metadata.Name, happened.Reason, happened.Message);
            try
            {
                await events.RecordAsync(written, happened, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An Event that cannot be recorded must not undo the phase change.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LifecycleLog.EventFailed(logger, e, happened.Reason, profile.Metadata.Namespace, profile.Metadata.Name);
            }
        }

        // Once per switch: a written change to Enforcing happens once, and a failed restart is reported, not retried.
        if (step.Status.Phase == ProfilePhase.Enforcing && profile.Status.Phase != ProfilePhase.Enforcing)
            await restarts.AfterSwitchAsync(written, cancellationToken).ConfigureAwait(false);

        return written;
    }

    private static bool Same(BifrostProfileStatus a, BifrostProfileStatus b) =>
        JsonSerializer.Serialize(a, ProfileJson.Options) == JsonSerializer.Serialize(b, ProfileJson.Options);
}
