using System.Diagnostics;
using Bifrost.Core.Observations;
using Bifrost.Reporting;
using Bifrost.Tracing.Reporting;

namespace Bifrost.Cli.Learn;

/// <summary>
/// Sends a finished run's observations to the webhook through the tracer's own reporter, resending with backoff
/// until every batch is acknowledged or <see cref="ReportTarget.Timeout"/> runs out.
/// </summary>
internal static class ObservationDelivery
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>True when the webhook acknowledged everything; progress and failures go to <paramref name="error"/>.</summary>
    public static async Task<bool> SendAsync(ReportTarget target, IReadOnlyList<Observation> observations, long kernelDrops, TextWriter error)
    {
        if (!File.Exists(target.TokenFile))
        {
            await error.WriteLineAsync($"bifrost learn: report not sent: the token file '{target.TokenFile}' does not exist").ConfigureAwait(false);
            return false;
        }

        if (observations.Count == 0)
        {
            await error.WriteLineAsync("bifrost learn: nothing was observed, so nothing was reported").ConfigureAwait(false);
            return true;
        }

        using var http = ReportHttpClient.Create(target.CaFile);
        var reporter = new ObservationReporter(target.ToReporterOptions(observations.Count), http, TimeProvider.System, () => kernelDrops, new ErrorLogger(error));
        foreach (var observation in observations)
            reporter.Enqueue(observation);

        // Not the command's interrupt token: the usual way to end a learning run is Ctrl-C, and the report
        // must still go out after it. The timeout bounds the wait instead.
        using var deadline = new CancellationTokenSource(target.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            while (!await reporter.FlushAsync(deadline.Token).ConfigureAwait(false))
                await Task.Delay(Poll, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await error.WriteLineAsync(
                $"bifrost learn: report not delivered to {target.Endpoint}: {reporter.Pending} observations still unacknowledged after {target.Timeout.TotalSeconds:0} s").ConfigureAwait(false);
            return false;
        }

        await error.WriteLineAsync(
            $"bifrost learn: reported {observations.Count} observations for {target.Workload.Kind} {target.Pod.Namespace}/{target.Workload.Name} " +
            $"(pod {target.Pod.Name}) to {target.Endpoint} in {clock.Elapsed.TotalMilliseconds:F0} ms").ConfigureAwait(false);
        return true;
    }
}
