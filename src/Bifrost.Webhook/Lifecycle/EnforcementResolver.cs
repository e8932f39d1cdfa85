using Bifrost.Core.Admission;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// Decides a workload's <see cref="EnforcementMode"/>: the annotation <c>bifrost.io/enforcement</c> on the workload or
/// its pod template, else the label of that name on its namespace (from the namespace cache), else
/// <c>Bifrost:Learning:Enforcement</c>. A workload that cannot be read now is held as manual for the round, so an
/// unreadable <c>manual</c> never enforces by default.
/// </summary>
internal sealed class EnforcementResolver(INamespaceLookup namespaces, EnforcementMode clusterDefault, IWorkloadAnnotations? workloads = null)
{
    public async Task<EnforcementChoice> ResolveAsync(BifrostProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var workload = new WorkloadIdentity(profile.Metadata.Namespace, profile.Spec.Workload.Kind, profile.Spec.Workload.Name);
        IReadOnlyDictionary<string, string>? annotations = null;
        if (workloads is not null)
        {
            try
            {
                annotations = await workloads.ReadAsync(workload, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure to read holds the workload for this round; the next round reads again.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                return new EnforcementChoice(EnforcementMode.Manual, $"{workload.Kind} {workload.Namespace}/{workload.Name} could not be read ({e.Message}), so it is held until it can");
            }
        }

        return EnforcementChoice.Resolve(
            annotations, $"{workload.Kind} {workload.Namespace}/{workload.Name}",
            namespaces.Find(workload.Namespace)?.Labels, workload.Namespace, clusterDefault);
    }
}
