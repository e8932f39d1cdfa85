using k8s.Models;

namespace Bifrost.Webhook.Reconcile;

/// <summary>Events on any object: the unprotected pod itself, and its workload.</summary>
internal interface IObjectEvents
{
    Task RecordAsync(V1ObjectReference involved, string reason, string message, bool warning, CancellationToken cancellationToken);
}
