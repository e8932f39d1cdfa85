using Bifrost.Core.Admission;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// <c>POST /mutate</c>: AdmissionReview in, AdmissionReview out. Content-Type is not checked, since the
/// body is what matters. A fault anywhere here still allows the pod when its uid can be found.
/// </summary>
internal sealed class AdmissionEndpoint(
    IAdmissionHandler handler,
    IOptions<WebhookOptions> options,
    AdmissionMetrics metrics,
    TracerSkipEvents tracerSkips,
    TimeProvider time,
    ILogger<AdmissionEndpoint> logger)
{
    private readonly long limit = options.Value.MaxRequestBytes;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            // This endpoint enforces its own limit; the server's (Bifrost:Server:MaxRequestBodyBytes) must not cut in
            // first with a bare 413 or, for a body it will not drain after the answer, a reset the client reads as a fault.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
                sizeFeature.MaxRequestBodySize = null;
            if (context.Request.ContentLength > limit)
                return TooLarge(context);

            using var body = await RequestBody.ReadAsync(context.Request.BodyReader, limit, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
                return TooLarge(context);
            return await AnswerAsync(context, body.Memory, started).ConfigureAwait(false);
        }
        finally
        {
            metrics.Observe(time.GetElapsedTime(started));
        }
    }

    private async Task<IResult> AnswerAsync(HttpContext context, ReadOnlyMemory<byte> body, long started)
    {
        try
        {
            var result = await handler.HandleAsync(body, context.RequestAborted).ConfigureAwait(false);
            if (result is not { StatusCode: 200, Body: { } answer, Request: { } request, Decision: { } decision })
            {
                metrics.Rejected("invalid");
                AdmissionLog.BadRequest(logger, Remote(context), result.Error);
                return TypedResults.Problem(detail: result.Error ?? "the AdmissionReview could not be read", statusCode: 400, title: "Invalid AdmissionReview");
            }

            if (result.Fault is { } fault)
            {
                metrics.Fault("core");
                AdmissionLog.CoreFault(logger, fault, request.Uid, request.Namespace);
            }

            if (decision.Outcome == AdmissionOutcome.Denied)
                AdmissionLog.OptOutRefused(logger, request.Uid, request.Namespace, request.User.Username, decision.Denial);

            metrics.Answered(request, decision);
            tracerSkips.Offer(request, decision);
            AdmissionLog.Answered(logger, request.Uid, request.Operation, request.Namespace, decision.Outcome, decision.Reason, request.DryRun,
                time.GetElapsedTime(started).TotalMilliseconds);
            if (!request.DryRun && decision.Outcome is AdmissionOutcome.Injected or AdmissionOutcome.ProfileOnly or AdmissionOutcome.Enforced
                && logger.IsEnabled(LogLevel.Information))
                AdmissionLog.Mutated(logger, request.Uid, request.Namespace, decision.Outcome, decision.Workload is { } w ? $"{w.Kind}/{w.Name}" : null);
            return TypedResults.Bytes(answer, "application/json");
        }
#pragma warning disable CA1031 // A fault in the host must not block pod creation: allow when the uid is known.
        catch (Exception e)
#pragma warning restore CA1031
        {
            metrics.Fault("host");
            var uid = UidReader.TryRead(body.Span);
            if (uid is null)
            {
                AdmissionLog.HostFault(logger, e, "500", null);
                return TypedResults.Problem(detail: "internal error while answering the AdmissionReview", statusCode: 500, title: "Internal error");
            }

            AdmissionLog.HostFault(logger, e, "allowed unchanged", uid);
            var allowed = AdmissionReviewWriter.Write(uid, AdmissionDecision.Skip(SkipReason.InternalError));
            return TypedResults.Bytes(allowed, "application/json");
        }
    }

    private ProblemHttpResult TooLarge(HttpContext context)
    {
        metrics.Rejected("too_large");
        AdmissionLog.TooLarge(logger, Remote(context), limit);
        return TypedResults.Problem(
            detail: $"the AdmissionReview is larger than {limit} bytes (setting Bifrost:Webhook:MaxRequestBytes)",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "AdmissionReview too large");
    }

    private static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
