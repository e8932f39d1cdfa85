using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Restarts;

/// <summary>
/// Restarts a workload's pods in a rolling way if it opted in. Asked once, when its phase becomes Enforcing, so the
/// running pods, admitted with the complain profile and a tracer, are replaced by pods that get the enforce profile.
/// Never on the admission path.
/// </summary>
internal interface IWorkloadRestarter
{
    Task<WorkloadRestart> RestartAsync(BifrostProfile profile, CancellationToken cancellationToken);
}
