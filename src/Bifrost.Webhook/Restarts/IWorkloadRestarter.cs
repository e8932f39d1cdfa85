using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Restarts;

/// <summary>
/// Restarts a workload's pods in a rolling way if it opted in. Asked once, when its phase becomes Enforcing, so the
/// running pods, admitted with the complain profile and a tracer, are replaced by pods that get the enforce profile.
/// Never on the admission path.
/// </summary>
internal interface IWorkloadRestarter
{
    Task<WorkloadRestart> RestartAsync(BifrostProfile profile, CancellationToken cancellationToken);

    /// <summary>
    /// Restarts a Deployment, StatefulSet or DaemonSet in the same rolling way without asking for its opt-in: the caller
    /// holds one of its own (<c>Bifrost:Reconcile:RestartUnprotected</c>). Anything else is <see cref="WorkloadRestartOutcome.Unsupported"/>.
    /// </summary>
    Task<WorkloadRestart> RestartUnprotectedAsync(WorkloadIdentity workload, CancellationToken cancellationToken);
}
