using Bifrost.Core.Admission;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// A workload is protected when its namespace opts in by label, or a BifrostProfile for it exists (created when
/// its first report was accepted, or by a person). A pod opted in only by its own annotation in an unlabelled
/// namespace is confirmed by <see cref="IPodOptIn"/> on its first report. A node agent's report (whose pod is the agent)
/// counts only by label or an existing profile.
/// </summary>
/// <remarks>
/// In a cluster the profile is looked up in the informer cache, so reports do not turn into API calls; the store is
/// asked only while the cache has not synced, and locally, where it is a file read.
/// </remarks>
internal sealed class ProtectionCheck(INamespaceLookup namespaces, IProfileStore store, IPodOptIn podOptIn, ProfileCache? cache = null) : IProtectionCheck
{
    public async Task<bool> IsProtectedAsync(ObservationReport report, CancellationToken cancellationToken)
    {
        var workloadNamespace = report.WorkloadNamespace;
        var byLabel = OptIn.Of(namespaces.Find(workloadNamespace)?.Labels.GetValueOrDefault(BifrostLabels.Protect), podAnnotation: null);
        if (byLabel != OptInState.NotOptedIn)
            return byLabel == OptInState.Protected;
        var name = BifrostProfile.NameFor(new(workloadNamespace, report.Workload.Kind, report.Workload.Name));
        var exists = cache is { IsSynced: true }
            ? cache.Find(workloadNamespace, name) is not null
            : await store.GetAsync(workloadNamespace, name, cancellationToken).ConfigureAwait(false) is not null;
        return exists || (report.Source == ReportSource.Tracer && await podOptIn.IsOptedInAsync(report.Pod, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>Whether a pod carries <c>bifrost.io/protect: "true"</c>: a cached pod read in a cluster, never locally.</summary>
internal interface IPodOptIn
{
    Task<bool> IsOptedInAsync(ReportPod pod, CancellationToken cancellationToken);
}

/// <summary>Without a cluster there are no pod annotations to read: only namespace labels and existing profiles count.</summary>
internal sealed class NoPodOptIn : IPodOptIn
{
    public Task<bool> IsOptedInAsync(ReportPod pod, CancellationToken cancellationToken) => Task.FromResult(false);
}
