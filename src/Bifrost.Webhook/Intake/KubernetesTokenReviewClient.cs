using k8s;
using k8s.Models;

namespace Bifrost.Webhook.Intake;

internal sealed class KubernetesTokenReviewClient(IKubernetes client) : ITokenReviewClient
{
    public async Task<V1TokenReviewStatus> ReviewAsync(string token, IList<string> audiences, CancellationToken cancellationToken)
    {
        var review = new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences } };
        var answer = await client.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: cancellationToken).ConfigureAwait(false);
        return answer.Status ?? new V1TokenReviewStatus { Authenticated = false, Error = "empty TokenReview status" };
    }
}
