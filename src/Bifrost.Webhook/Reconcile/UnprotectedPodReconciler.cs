using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;
using Bifrost.Kubernetes.Events;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Restarts;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Reconcile;

/// <summary>
/// Finds running pods that should carry Bifrost's settings and do not: admitted while the webhook was unavailable or
/// failing (its <c>failurePolicy: Ignore</c> lets them through unchanged), or created before their namespace or
/// workload opted in. Each round asks admission's own decision about every running pod (<see cref="AdmissionAudit"/>),
/// so what admission leaves alone on purpose is never counted. A pod found is counted, and reported once with a
/// Warning Event on itself and on its workload; where <see cref="ReconcileOptions.RestartUnprotected"/> allows it, its
/// Deployment, StatefulSet or DaemonSet is restarted, a few per round and each at most once per cooldown. Only the
/// leader looks.
/// </summary>
internal sealed class UnprotectedPodReconciler(
    IRunningPods pods,
    PodMutator mutator,
    INamespaceLookup namespaces,
    IProfileCatalog catalog,
    IServerVersion server,
    IObjectEvents events,
    IWorkloadRestarter restarter,
    ILeadership leadership,
    IOptions<ReconcileOptions> options,
    ReconcileMetrics metrics,
    TimeProvider time,
    ILogger<UnprotectedPodReconciler> logger,
    Func<bool>? cachesSynced = null) : BackgroundService
{

    private readonly ReconcileOptions settings = options.Value;
    private readonly Dictionary<WorkloadIdentity, DateTimeOffset> restartedAt = [];
    private HashSet<string> reported = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ReconcileLog.Started(logger, settings.Interval, settings.RestartUnprotected);
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            // The first round waits for the caches admission decides from, checking briefly until they have synced.
            while (!await ReconcileAsync(stoppingToken).ConfigureAwait(false))
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round; false when it could not look yet because the caches have not synced.</summary>
    public async Task<bool> ReconcileAsync(CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            metrics.Clear();
            reported.Clear();
            return true;
        }

        if (cachesSynced?.Invoke() == false)
        {
            ReconcileLog.NotSynced(logger);
            return false;
        }

        List<Found> found;
        try
        {
            found = await FindAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed round is retried on the next tick; the webhook keeps serving.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            metrics.Round(ok: false);
            ReconcileLog.Failed(logger, e);
            return true;
        }

        metrics.Round(ok: true);
        metrics.Set(found.Select(f => (f.Namespace, f.What.Reason)));
        var fresh = found.Where(f => !reported.Contains(f.Key)).ToList();
        reported = found.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var pod in fresh)
        {
            metrics.Found(pod.What.Reason);
            ReconcileLog.Unprotected(logger, pod.Namespace, pod.Name, pod.What.Workload.ToString(), pod.What.Reason, pod.What.Detail);
            await RecordAsync(UnprotectedEvents.Pod(pod.Namespace, pod.Name, pod.Uid, pod.ResourceVersion), UnprotectedEvents.PodMessage(pod.Namespace, pod.Name, pod.What, settings.RestartUnprotected), cancellationToken).ConfigureAwait(false);
        }

        foreach (var workload in fresh.GroupBy(f => f.What.Workload).Where(g => g.Key.Kind != "Pod"))
            await RecordAsync(EventRecorder.Workload(workload.Key.Kind, workload.Key.Namespace, workload.Key.Name), UnprotectedEvents.WorkloadMessage(workload.Key, [.. workload.Select(p => (p.Name, p.What.Reason))], settings.RestartUnprotected), cancellationToken).ConfigureAwait(false);

        if (settings.RestartUnprotected)
            await RestartAsync(found, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<List<Found>> FindAsync(CancellationToken cancellationToken)
    {
        var version = server.Current;
        var found = new List<Found>();
        var count = 0;
        await foreach (var pod in pods.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            // Running pods only (a pending one is found once it runs), and none on its way out: an Event on a pod being deleted helps no one.
            if (pod["metadata"] is not JsonObject metadata || Text(pod["status"]?["phase"]) != "Running" || metadata["deletionTimestamp"] is not null
                || Text(metadata["namespace"]) is not { Length: > 0 } @namespace || Text(metadata["name"]) is not { Length: > 0 } name)
                continue;
            count++;
            if (AdmissionAudit.Check(mutator, pod, @namespace, namespaces, catalog, version) is { } what)
                found.Add(new Found(@namespace, name, Text(metadata["uid"]), Text(metadata["resourceVersion"]), what));
        }

        ReconcileLog.Round(logger, count, found.Count);
        return found;
    }

    private async Task RestartAsync(List<Found> found, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = found.Select(f => f.What.Workload)
            .Where(w => w.Kind is "Deployment" or "StatefulSet" or "DaemonSet")
            .Distinct()
            .Where(w => !restartedAt.TryGetValue(w, out var at) || now - at >= settings.RestartCooldown)
            .OrderBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var workload in due.Take(settings.MaxRestartsPerInterval))
        {
            restartedAt[workload] = now;
            WorkloadRestart result;
            Exception? error = null;
            try
            {
                result = await restarter.RestartUnprotectedAsync(workload, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed restart is reported and waits for the cooldown, never thrown.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                (result, error) = (new WorkloadRestart(WorkloadRestartOutcome.Failed, RestartOnEnforce.Describe(e)), e);
            }

            var reference = EventRecorder.Workload(workload.Kind, workload.Namespace, workload.Name);
            if (result.Outcome == WorkloadRestartOutcome.Restarted)
            {
                metrics.Restarted(ok: true);
                ReconcileLog.Restarted(logger, workload.ToString(), result.Message);
                await RecordAsync(reference, "Restarted", $"restarted because pods of it run without Bifrost's AppArmor profiles: {result.Message}", warning: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                metrics.Restarted(ok: false);
                ReconcileLog.RestartFailed(logger, error, workload.ToString(), result.Message);
                await RecordAsync(reference, "RestartFailed", $"the restart for its unprotected pods failed and is not tried again for {settings.RestartCooldown}: {result.Message}", warning: true, cancellationToken).ConfigureAwait(false);
            }
        }

        if (due.Count > settings.MaxRestartsPerInterval)
            ReconcileLog.RestartsDeferred(logger, due.Count - settings.MaxRestartsPerInterval);

        // Forget what can be restarted again anyway, so the map holds only workloads within their cooldown.
        foreach (var gone in restartedAt.Where(r => now - r.Value >= settings.RestartCooldown).Select(r => r.Key).ToList())
            restartedAt.Remove(gone);
    }

    private Task RecordAsync(V1ObjectReference involved, string message, CancellationToken cancellationToken) =>
        RecordAsync(involved, UnprotectedEvents.Reason, message, warning: true, cancellationToken);

    private async Task RecordAsync(V1ObjectReference involved, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        try
        {
            await events.RecordAsync(involved, reason, message, warning, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The log line already says what was found; a lost Event must not end the round.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            ReconcileLog.EventFailed(logger, e, reason, involved.Kind, involved.NamespaceProperty, involved.Name);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record Found(string Namespace, string Name, string? Uid, string? ResourceVersion, UnprotectedPod What)
    {
        /// <summary>A pod is reported once; a new pod under an old name is a new pod.</summary>
        public string Key => Uid ?? $"{Namespace}/{Name}";
    }
}
