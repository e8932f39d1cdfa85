using k8s.Models;

namespace Bifrost.Webhook.Intake;

/// <summary>The API server's TokenReview, behind an interface so the checks around it are testable without a cluster.</summary>
internal interface ITokenReviewClient
{
    Task<V1TokenReviewStatus> ReviewAsync(string token, IList<string> audiences, CancellationToken cancellationToken);
}
