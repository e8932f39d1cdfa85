using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Support;

/// <summary>A catalog with fixed assignments per container name (catalog.json of a golden case); other containers learn.</summary>
internal sealed class FixedCatalog(IReadOnlyDictionary<string, FixedCatalog.Entry> entries) : IProfileCatalog
{
    public ProfileAssignment Find(WorkloadIdentity workload, string container, string? image) =>
        entries.TryGetValue(container, out var entry)
            ? entry.Mode switch
            {
                ContainerMode.Enforce => ProfileAssignment.Enforce(entry.Profile!),
                ContainerMode.Learn => ProfileAssignment.LearnWith(entry.Profile!),
                _ => ProfileAssignment.Off,
            }
            : ProfileAssignment.Learn;

    internal sealed record Entry(ContainerMode Mode, string? Profile);
}
