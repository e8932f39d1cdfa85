namespace Bifrost.Webhook.Intake;

/// <summary>
/// Who sent a report. In a cluster, the pod its service-account token was bound to; locally, whoever holds the
/// token file, who may report for any pod (<see cref="AnyPod"/>).
/// </summary>
internal sealed record ReporterIdentity(string? Namespace, string? PodName, string? PodUid)
{
    public static ReporterIdentity AnyPod { get; } = new(null, null, null);

    public bool MayReportFor(string @namespace, string podName, string podUid) =>
        this == AnyPod || (Namespace == @namespace && PodName == podName && PodUid == podUid);
}

/// <summary>The identity, or why there is none; <see cref="Reason"/> is a metric label.</summary>
internal sealed record AuthenticationResult(ReporterIdentity? Identity, string? Reason, bool Retryable = false)
{
    public static AuthenticationResult Fail(string reason) => new(null, reason);
}

/// <summary>Checks the bearer token of a tracer report.</summary>
internal interface IReporterAuthenticator
{
    Task<AuthenticationResult> AuthenticateAsync(string? token, CancellationToken cancellationToken);
}
