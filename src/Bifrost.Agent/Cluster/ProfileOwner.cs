using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>The workload and container a Bifrost profile was rendered for: where what its audit records show belongs.</summary>
internal sealed record ProfileOwner(WorkloadIdentity Workload, string Container);
