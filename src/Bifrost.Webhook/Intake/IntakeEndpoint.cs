using Bifrost.Core.Observations;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Admission;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// <c>POST /v1/observations</c>: a tracer's report, authenticated, checked, and acknowledged only once it is in
/// the write-ahead log, so a webhook killed at any moment loses nothing it acknowledged. A resend is acknowledged
/// again and changes nothing when merged. Only the leader takes reports (its flusher is the one that merges them,
/// see <see cref="IntakeFlusher"/>): another replica answers 503 and closes the connection, so the reporter's
/// retry opens a new one, which the <c>bifrost-intake</c> Service sends to the leader.
/// </summary>
internal sealed class IntakeEndpoint(
    ILeadership leadership,
    IReporterAuthenticator authenticator,
    IProtectionCheck protection,
    PodContainerNames containerNames,
    WriteAheadLog<ObservationReport> log,
    IOptions<IntakeOptions> options,
    IntakeMetrics metrics,
    TimeProvider time,
    ILogger<IntakeEndpoint> logger)
{
    private readonly IntakeOptions settings = options.Value;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            return await AnswerAsync(context).ConfigureAwait(false);
        }
        finally
        {
            metrics.Observe(time.GetElapsedTime(started));
        }
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (!leadership.IsLeader)
        {
            context.Response.Headers.RetryAfter = "1";
            context.Response.Headers.Connection = "close";
            return Reject(context, StatusCodes.Status503ServiceUnavailable, "not-leader",
                "this replica does not run the learning controller; send the report again (the bifrost-intake Service routes to the leader)");
        }

        // Its own limit, not the server's: a report a little over it still gets its 413 rather than a reset.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = null;
        if (context.Request.ContentLength > settings.MaxReportBytes)
            return Reject(context, StatusCodes.Status413PayloadTooLarge, "too-large", $"the report is larger than {settings.MaxReportBytes} bytes (Bifrost:Intake:MaxReportBytes)");

        var authentication = await authenticator.AuthenticateAsync(BearerToken(context), aborted).ConfigureAwait(false);
        if (authentication.Identity is not { } identity)
        {
            if (authentication.Retryable)
            {
                context.Response.Headers.RetryAfter = "5";
                return Reject(context, StatusCodes.Status503ServiceUnavailable, authentication.Reason!, "the token could not be checked now; send the report again later");
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Reject(context, StatusCodes.Status401Unauthorized, authentication.Reason!, $"not authenticated: {authentication.Reason}");
        }

        using var body = await RequestBody.ReadAsync(context.Request.BodyReader, settings.MaxReportBytes, aborted).ConfigureAwait(false);
        if (body is null)
            return Reject(context, StatusCodes.Status413PayloadTooLarge, "too-large", $"the report is larger than {settings.MaxReportBytes} bytes (Bifrost:Intake:MaxReportBytes)");
        var report = ReportReader.Read(body.Span, settings.MaxObservations, out var error);
        if (report is null)
            return Reject(context, StatusCodes.Status400BadRequest, "invalid", error!);

        if (!identity.MayReportFor(report.Pod.Namespace, report.Pod.Name, report.Pod.Uid))
            return Reject(context, StatusCodes.Status403Forbidden, "other-pod",
                $"the token belongs to pod {identity.Namespace}/{identity.PodName}, the report is about {report.Pod.Namespace}/{report.Pod.Name}");
        if (ReportSource.IsAgent(report.Source) && !identity.IsAgent(settings.AgentServiceAccount))
            return Reject(context, StatusCodes.Status403Forbidden, "not-an-agent",
                $"only the node agents' service account ({settings.AgentServiceAccount}, Bifrost:Intake:AgentServiceAccount) may send {report.Source} reports");
        if (!await protection.IsProtectedAsync(report, aborted).ConfigureAwait(false))
            return Reject(context, StatusCodes.Status403Forbidden, "not-protected",
                $"{report.Workload.Kind} {report.WorkloadNamespace}/{report.Workload.Name} is not protected by Bifrost");

        var attribution = await containerNames.AttributeAsync(report, aborted).ConfigureAwait(false);
        if (attribution.Report is null)
        {
            context.Response.Headers.RetryAfter = "2";
            return Reject(context, StatusCodes.Status503ServiceUnavailable, "container-unknown",
                $"pod {report.Pod.Namespace}/{report.Pod.Name} does not yet name container {string.Join(", ", attribution.Waiting)} in its status; send the report again");
        }

        if (attribution.Unattributed > 0)
        {
            metrics.Unattributed(attribution.Unattributed);
            IntakeLog.Unattributed(logger, attribution.Unattributed, report.Pod.Namespace, report.Pod.Name);
        }

        // The report as it arrived is what the log keeps, unless naming containers changed it: not serialized again.
        var asReceived = ReferenceEquals(attribution.Report, report) ? body.Span.ToArray() : null;
        report = attribution.Report;
        await log.AppendAsync(report, asReceived, aborted).ConfigureAwait(false);
        metrics.Accepted(report.Observations.Count);
        metrics.Dropped(report.Source, report.Dropped);
        IntakeLog.Accepted(logger, report.Sequence, report.Pod.Namespace, report.Pod.Name, report.Observations.Count);
        return TypedResults.Accepted((string?)null, new ReportAcknowledgement(report.Sequence));
    }

    private ProblemHttpResult Reject(HttpContext context, int status, string reason, string detail)
    {
        metrics.Rejected(reason);
        IntakeLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString(), status, reason);
        return TypedResults.Problem(detail: detail, statusCode: status, title: "Observation report rejected", extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

/// <summary>The answer to an accepted report: the sender may forget everything up to this sequence.</summary>
internal sealed record ReportAcknowledgement(long Acknowledged);
