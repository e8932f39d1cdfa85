namespace Bifrost.Core.Admission;

/// <summary>
/// One AdmissionReview in, one answer out. Bad input is a 400 with a reason; a fault while deciding never
/// denies the pod: it is allowed unchanged and reported through <see cref="AdmissionResult.Fault"/>.
/// The API server's version is read from <paramref name="server"/> once per request (newest when none is given).
/// </summary>
public sealed class AdmissionReviewHandler(PodMutator mutator, INamespaceLookup namespaces, IProfileCatalog catalog, IServerVersion? server = null)
{
    private readonly IServerVersion server = server ?? FixedServerVersion.Newest;

    public AdmissionResult Handle(ReadOnlySpan<byte> body)
    {
        var request = AdmissionReviewParser.Parse(body, out var error);
        if (request is null)
            return new AdmissionResult { StatusCode = 400, Error = error };

        AdmissionDecision decision;
        Exception? fault = null;
        try
        {
            decision = mutator.Decide(request, namespaces, catalog, server.Current);
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
