namespace Bifrost.Webhook.Intake;

/// <summary>
/// Who sent a report. In a cluster, the pod its service-account token was bound to, and that service account
/// (<c>namespace:name</c>); locally, whoever holds the token file, who may report for any pod (<see cref="AnyPod"/>).
/// </summary>
internal sealed record ReporterIdentity(string? Namespace, string? PodName, string? PodUid, string? ServiceAccount = null)
{
    public static ReporterIdentity AnyPod { get; } = new(null, null, null);

    public bool MayReportFor(string @namespace, string podName, string podUid) =>
        this == AnyPod || (Namespace == @namespace && PodName == podName && PodUid == podUid);

    /// <summary>Whether this is a node agent, which reports about other namespaces' workloads from AppArmor's records.</summary>
    public bool IsAgent(string agentServiceAccount) => this == AnyPod || ServiceAccount == agentServiceAccount;
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
