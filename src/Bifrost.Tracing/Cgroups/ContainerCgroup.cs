using Bifrost.Core.Cgroups;

namespace Bifrost.Tracing.Cgroups;

/// <summary>
/// One container cgroup of a pod: its directory, its cgroup id (what eBPF records carry), the runtime's container
/// id and whether it is crun's nested <c>container</c> child (whose parent scope is listed too, with the same id).
/// </summary>
public sealed record ContainerCgroup(string Directory, ulong CgroupId, string ContainerId, ContainerRuntime Runtime, bool Nested);
