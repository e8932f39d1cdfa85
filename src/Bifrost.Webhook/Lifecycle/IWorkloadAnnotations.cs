using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>The annotations a workload carries, for the settings a person puts on it (<c>bifrost.io/enforcement</c>).</summary>
internal interface IWorkloadAnnotations
{
    /// <summary>
    /// The workload's annotations, those of its pod template over its own; null when it does not exist or is of a
    /// kind that cannot be read. Throws when the API server cannot answer.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>?> ReadAsync(WorkloadIdentity workload, CancellationToken cancellationToken);
}
