using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Lifecycle;
using k8s.Autorest;
using Prometheus;

namespace Bifrost.Webhook.Restarts;

/// <summary>
/// Asked by the learning controller once per switch to Enforcing: restarts the workload if it opted in and reports
/// the result as an Event on the workload, a log line and a metric. A failure is reported, never retried and never
/// thrown, so the controller cannot loop on it or stop.
/// </summary>
internal sealed class RestartOnEnforce(IWorkloadRestarter restarter, IEventSink events, IMetricFactory metrics, ILogger<RestartOnEnforce> logger)
{
    private const int MaxDetail = 300;

    private readonly Counter restarts = metrics.CreateCounter(
        "bifrost_workload_restarts_total", "Restarts asked for after a switch to enforce, by result.", new CounterConfiguration { LabelNames = ["result"] });

    public async Task AfterSwitchAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (@namespace, kind, name) = (profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
        WorkloadRestart result;
        Exception? error = null;
        try
        {
            result = await restarter.RestartAsync(profile, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The switch already happened; a failed restart is reported, not retried.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            (result, error) = (new WorkloadRestart(WorkloadRestartOutcome.Failed, Describe(e)), e);
        }

        LifecycleEvent happened;
        switch (result.Outcome)
        {
            case WorkloadRestartOutcome.Restarted:
                RestartLog.Restarted(logger, @namespace, kind, name, result.Message);
                happened = new LifecycleEvent("Restarted", result.Message);
                break;
            case WorkloadRestartOutcome.Unsupported:
                RestartLog.Unsupported(logger, @namespace, kind, name, result.Message);
                happened = new LifecycleEvent("RestartSkipped", result.Message);
                break;
            case WorkloadRestartOutcome.Failed:
                RestartLog.Failed(logger, error, @namespace, kind, name, result.Message);
                happened = new LifecycleEvent("RestartFailed", $"restart after the switch to enforce failed: {result.Message}", Warning: true);
                break;
            default:
                return;
        }

        restarts.WithLabels(result.Outcome.ToString().ToLowerInvariant()).Inc();
        try
        {
            await events.RecordAsync(profile, happened, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The log line above already says what happened.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LifecycleLog.EventFailed(logger, e, happened.Reason, @namespace, profile.Metadata.Name);
        }
    }

    // The API server's Status message names the missing permission or the conflict; the exception text alone does not.
    internal static string Describe(Exception e) =>
        e is HttpOperationException { Response: { } response }
            ? $"{(int)response.StatusCode} {response.StatusCode}: {Truncate(response.Content)}"
            : e.Message;

    private static string Truncate(string? text) =>
        text is null ? "" : text.Length <= MaxDetail ? text : text[..MaxDetail] + "…";
}
