using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Bifrost.Kubernetes.Leadership;

/// <summary>
/// Keeps the label <see cref="Label"/> on this replica's own pod while it leads and off it otherwise, so a Service
/// that selects the label (<c>bifrost-intake</c>) reaches the leader alone. Checked every second; a failed patch is
/// tried again on the next check; on shutdown the label is taken off. The first check sets the label either way, so
/// a container that restarts after leading leaves no stale label behind.
/// </summary>
public sealed class LeaderPodLabel(
    IKubernetes client, ILeadership leadership, string @namespace, string pod, TimeProvider time, ILogger<LeaderPodLabel> logger) : BackgroundService
{
    public const string Label = "bifrost.io/leader";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private bool? labelled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await SetAsync(leadership.IsLeader, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        if (labelled != false)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await SetAsync(false, deadline.Token).ConfigureAwait(false);
        }
    }

    private async Task SetAsync(bool leading, CancellationToken cancellationToken)
    {
        if (labelled == leading)
            return;
        var labels = new JsonObject { [Label] = leading ? "true" : null };
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } };
        try
        {
            await client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            labelled = leading;
            LeadershipLog.Labelled(logger, @namespace, pod, Label, leading ? "set" : "removed");
        }
#pragma warning disable CA1031 // Tried again on the next check; a reporter that reaches a replica that does not lead is told to retry.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LeadershipLog.LabelFailed(logger, e, @namespace, pod, Label);
        }
    }
}
