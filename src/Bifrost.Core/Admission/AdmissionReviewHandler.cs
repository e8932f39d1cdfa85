namespace Bifrost.Core.Admission;

/// <summary>
/// One AdmissionReview in, one answer out. Bad input is a 400 with a reason; a fault while deciding never
/// denies the pod: it is allowed unchanged and reported through <see cref="AdmissionResult.Fault"/>. The only denial
/// is a refused opt-out from a protected namespace, and only when <paramref name="authorizer"/> said no.
/// The API server's version is read from <paramref name="server"/> once per request (newest when none is given).
/// </summary>
public sealed class AdmissionReviewHandler(
    PodMutator mutator, INamespaceLookup namespaces, IProfileCatalog catalog, IServerVersion? server = null, IOptOutAuthorizer? authorizer = null)
{
    private readonly IServerVersion server = server ?? FixedServerVersion.Newest;

    /// <summary>Decides without asking anyone about opt-outs: in a protected namespace they are refused.</summary>
    public AdmissionResult Handle(ReadOnlySpan<byte> body)
    {
        var request = AdmissionReviewParser.Parse(body, out var error);
        return request is null ? new AdmissionResult { StatusCode = 400, Error = error } : Answer(request, OptOutVerdict.NotAsked);
    }

    /// <summary>Decides, asking the authorizer first when the pod asks to opt out of a protected namespace.</summary>
    public async ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var request = AdmissionReviewParser.Parse(body.Span, out var error);
        if (request is null)
            return new AdmissionResult { StatusCode = 400, Error = error };

        var verdict = OptOutVerdict.NotAsked;
        Exception? fault = null;
        try
        {
            if (authorizer is not null && mutator.AsksToOptOut(request, namespaces))
                verdict = await authorizer.AuthorizeAsync(request.User, request.Namespace, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An authorizer that fails must not let the pod out: the opt-out is ignored instead.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            fault = e;
            verdict = OptOutVerdict.Unknown;
        }

        var result = Answer(request, verdict);
        return result.Fault is null && fault is not null ? result with { Fault = fault } : result;
    }

    private AdmissionResult Answer(AdmissionRequest request, OptOutVerdict verdict)
    {
        AdmissionDecision decision;
        Exception? fault = null;
        try
        {
            decision = mutator.Decide(request, namespaces, catalog, server.Current, verdict);
        }
#pragma warning disable CA1031 // Any fault must fail open: the pod is admitted unchanged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            fault = e;
            decision = new AdmissionDecision { Outcome = AdmissionOutcome.Error, Reason = SkipReason.InternalError };
        }

        return new AdmissionResult
        {
            StatusCode = 200,
            Request = request,
            Decision = decision,
            Fault = fault,
            Body = AdmissionReviewWriter.Write(request.Uid, decision),
        };
    }
}
