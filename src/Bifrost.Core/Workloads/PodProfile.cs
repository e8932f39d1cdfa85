namespace Bifrost.Core.Workloads;

/// <summary>
/// A Bifrost profile a pod's container was given at admission, with the workload and container it belongs to.
/// <see cref="IsLearning"/>: the container's own complain-mode name, which a node may have to load before any
/// BifrostProfile lists it.
/// </summary>
public sealed record PodProfile(string Name, WorkloadIdentity Workload, string Container, bool IsLearning);
