using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>A running pod that should carry Bifrost's settings and does not.</summary>
/// <param name="Workload">The workload the pod belongs to, found as admission finds it.</param>
/// <param name="Reason">One of <see cref="UnprotectedReason"/>.</param>
/// <param name="Detail">What is missing, in words for an Event.</param>
public sealed record UnprotectedPod(WorkloadIdentity Workload, string Reason, string Detail);
