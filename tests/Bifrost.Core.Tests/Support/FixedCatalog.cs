using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Support;

/// <summary>A catalog in which the named containers are stable and enforce the given profiles; the rest learn.</summary>
internal sealed class FixedCatalog(IReadOnlyDictionary<string, string> enforce) : IProfileCatalog
{
    public ProfileAssignment Find(WorkloadIdentity workload, string container) =>
        enforce.TryGetValue(container, out var profile) ? ProfileAssignment.Enforce(profile) : ProfileAssignment.Learn;
}
