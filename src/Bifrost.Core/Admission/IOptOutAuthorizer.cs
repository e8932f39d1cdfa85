namespace Bifrost.Core.Admission;

/// <summary>
/// Asks whether a user may opt pods of a namespace out of protection (in a cluster, a SubjectAccessReview for verb
/// <c>exempt</c> on <c>bifrostprofiles.bifrost.io</c>). Returns <see cref="OptOutVerdict.Unknown"/> when it cannot tell.
/// </summary>
public interface IOptOutAuthorizer
{
    ValueTask<OptOutVerdict> AuthorizeAsync(RequestUser user, string namespaceName, CancellationToken cancellationToken);
}
