using Bifrost.Core.Admission;
using k8s;
using k8s.Models;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// Asks the API server whether the pod's creator may use the verb <c>exempt</c> on <c>bifrostprofiles.bifrost.io</c> in
/// the pod's namespace. An error or a timeout is <see cref="OptOutVerdict.Unknown"/>: the pod is then protected, never let out.
/// </summary>
internal sealed class SubjectAccessReviewAuthorizer(IKubernetes client, ILogger<SubjectAccessReviewAuthorizer> logger) : IOptOutAuthorizer
{
    // Well inside the webhook's own timeoutSeconds (3 in manifests/base): should the API server give up on the webhook
    // first, the Ignore policy would admit the pod unchanged, which is the fail-open this check must never cause.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1.5);

    public async ValueTask<OptOutVerdict> AuthorizeAsync(RequestUser user, string namespaceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Username.Length == 0)
            return OptOutVerdict.Refused;

        var review = new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Username,
                Uid = user.Uid,
                Groups = [.. user.Groups],
                Extra = user.Extra.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]),
                ResourceAttributes = new V1ResourceAttributes
                {
                    Group = "bifrost.io",
                    Resource = "bifrostprofiles",
                    Verb = BifrostLabels.ExemptVerb,
                    NamespaceProperty = namespaceName,
                },
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var answer = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: timeout.Token).ConfigureAwait(false);
            return answer.Status?.Allowed == true ? OptOutVerdict.Exempt : OptOutVerdict.Refused;
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            AdmissionLog.OptOutCheckFailed(logger, e, user.Username, namespaceName);
            return OptOutVerdict.Unknown;
        }
    }
}
