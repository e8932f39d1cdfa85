using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Restarts;

/// <summary>One machine: there is no workload controller to replace pods, so an opt-in is only reported.</summary>
internal sealed class LocalWorkloadRestarter : IWorkloadRestarter
{
    public Task<WorkloadRestart> RestartAsync(BifrostProfile profile, CancellationToken cancellationToken) =>
        Task.FromResult(RestartOptIn.ByProfile(profile)
            ? new WorkloadRestart(WorkloadRestartOutcome.Unsupported, "no cluster: pods are not restarted on one machine; new ones get the enforce profile")
            : WorkloadRestart.NotOptedIn);

    public Task<WorkloadRestart> RestartUnprotectedAsync(WorkloadIdentity workload, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkloadRestart(WorkloadRestartOutcome.Unsupported, "no cluster: pods are not restarted on one machine"));
}
