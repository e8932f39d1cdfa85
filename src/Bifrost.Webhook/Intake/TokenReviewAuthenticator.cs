using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Authenticates tracer reports with TokenReview: the token must be valid, carry the configured audience and be
/// bound to a pod (projected service-account tokens carry the pod's name and uid). Answers are cached briefly by
/// a hash of the token, so a thousand tracers reporting every few seconds do not mean a thousand reviews a second.
/// </summary>
internal sealed class TokenReviewAuthenticator(ITokenReviewClient reviews, string audience, TimeProvider time) : IReporterAuthenticator
{
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";
    private const string ServiceAccountPrefix = "system:serviceaccount:";
    private const int MaxCacheEntries = 10_000;
    private static readonly TimeSpan AcceptedFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RejectedFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (AuthenticationResult Result, DateTimeOffset Until)> cache = new(StringComparer.Ordinal);

    public async Task<AuthenticationResult> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
            return AuthenticationResult.Fail("missing-token");

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Until > now)
            return cached.Result;

        V1TokenReviewStatus status;
        try
        {
            status = await reviews.ReviewAsync(token, [audience], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The API server could not answer: the tracer keeps the report and retries; nothing is cached.
            return new AuthenticationResult(null, "review-unavailable", Retryable: true);
        }

        var result = Judge(status);
        if (cache.Count >= MaxCacheEntries)
            cache.Clear();
        cache[key] = (result, now + (result.Identity is null ? RejectedFor : AcceptedFor));
        return result;
    }

    private AuthenticationResult Judge(V1TokenReviewStatus status)
    {
        if (status.Authenticated != true)
            return AuthenticationResult.Fail("invalid-token");
        if (status.Audiences is not { } audiences || !audiences.Contains(audience, StringComparer.Ordinal))
            return AuthenticationResult.Fail("wrong-audience");

        var user = status.User;
        var extra = user?.Extra;
        var podName = extra?.TryGetValue(PodNameExtra, out var names) == true ? names.FirstOrDefault() : null;
        var podUid = extra?.TryGetValue(PodUidExtra, out var uids) == true ? uids.FirstOrDefault() : null;
        var username = user?.Username ?? "";
        if (podName is null || podUid is null || !username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
            return AuthenticationResult.Fail("not-a-pod-token");

        // system:serviceaccount:<namespace>:<name>
        var rest = username[ServiceAccountPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0
            ? AuthenticationResult.Fail("not-a-pod-token")
            : new AuthenticationResult(new ReporterIdentity(rest[..colon], podName, podUid, rest), null);
    }
}
