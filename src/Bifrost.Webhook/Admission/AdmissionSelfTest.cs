using System.Text;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// Runs one canned AdmissionReview (a pod that asks for protection) through the real admission handler at start,
/// and again after each failure, so <c>/readyz</c> says ready only once the handler can build a patch. A webhook that
/// cannot would otherwise look healthy and admit every pod unprotected under the Ignore failure policy.
/// Once it passes at start, the same review runs <see cref="WarmUpRuns"/> more times before the server listens, so the
/// admission path is compiled when the first real review arrives: no latency spike after a rollout.
/// </summary>
internal sealed class AdmissionSelfTest(IServiceProvider services, TimeProvider time, ILogger<AdmissionSelfTest> logger) : BackgroundService
{
    public const string Namespace = "bifrost-readiness-check";

    /// <summary>
    /// Enough runs that every method on the admission path has been compiled (ReadyToRun leaves some generic code to the
    /// JIT) and has passed the runtime's call-count threshold (30) for recompiling it optimised.
    /// </summary>
    internal const int WarmUpRuns = 100;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(1);

    private volatile string? failure = "the canned admission review has not run yet";

    /// <summary>Why admission is not ready, or null once a canned review built a patch.</summary>
    public string? Failure => failure;

    /// <summary>The first run happens before the server listens, so the first <c>/readyz</c> already has its answer.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Record(await RunOnceAsync(cancellationToken).ConfigureAwait(false), FirstRetry);
        if (failure is null)
            await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = FirstRetry;
        while (failure is not null && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
            Record(await RunOnceAsync(stoppingToken).ConfigureAwait(false), wait);
        }
    }

    private void Record(string? result, TimeSpan next)
    {
        failure = result;
        if (result is null)
            AdmissionLog.SelfTestPassed(logger);
        else
            AdmissionLog.SelfTestFailed(logger, result, next);
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var handler = services.GetRequiredService<IAdmissionHandler>();
        var review = CannedReview();
        for (var i = 0; i < WarmUpRuns; i++)
            _ = await handler.HandleAsync(review, cancellationToken).ConfigureAwait(false);
        AdmissionLog.WarmedUp(logger, WarmUpRuns, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Null when the handler answered the canned review with a patch, otherwise why not.</summary>
    internal async Task<string?> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await services.GetRequiredService<IAdmissionHandler>().HandleAsync(CannedReview(), cancellationToken).ConfigureAwait(false);
            return result switch
            {
                { StatusCode: not 200 } => $"the canned review was answered {result.StatusCode}: {result.Error}",
                { Fault: { } fault } => $"the canned review faulted: {fault.GetType().Name}: {fault.Message}",
                { Decision.Patch: { Count: > 0 } } => null,
                _ => $"the canned review built no patch (outcome {result.Decision?.Outcome}, reason {result.Decision?.Reason})",
            };
        }
#pragma warning disable CA1031 // Whatever stops the handler from being built or run is the reason readiness reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"the admission handler cannot run: {e.GetType().Name}: {e.Message}";
        }
    }

    private static byte[] CannedReview()
    {
        var review = new JsonObject
        {
            ["apiVersion"] = AdmissionReviewParser.ApiVersion,
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "bifrost-readiness-check",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = Namespace,
                ["operation"] = "CREATE",
                ["dryRun"] = true,
                ["userInfo"] = new JsonObject { ["username"] = "bifrost:readiness-check" },
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = "readiness-check",
                        ["namespace"] = Namespace,
                        ["annotations"] = new JsonObject { [BifrostLabels.Protect] = "true" },
                    },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.invalid/readiness-check:1" }),
                    },
                },
            },
        };
        return Encoding.UTF8.GetBytes(review.ToJsonString());
    }
}
