using Bifrost.Agent.Cluster;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Reporting;

namespace Bifrost.Agent.Reporting;

/// <summary>
/// Turns what audit records showed into intake reports: one per workload, sent as the agent's own pod, naming the
/// workload's namespace, each observation under the container its profile was rendered for. Records of profiles no
/// BifrostProfile lists (the shared bootstrap profile, a profile just deleted) belong to no workload and are counted.
/// Not thread-safe: the audit flush loop calls it.
/// </summary>
internal sealed class AuditReports(ReportPod agent, Func<string, ProfileOwner?> ownerOf, TimeProvider time)
{
    private long next = ReportSequence.First(time);

    /// <summary>Observations whose profile belongs to no workload.</summary>
    public long Unattributed { get; private set; }

    public IReadOnlyList<ObservationReport> Learning(IReadOnlyList<ObservationBatch> batches) =>
        Build(batches.Select(b => (b.Profile, b.Observations)), ReportSource.Audit);

    public IReadOnlyList<ObservationReport> Denied(IReadOnlyList<RollbackDecision> decisions) =>
        Build(decisions.Select(d => (d.Profile, d.Denied)), ReportSource.Denied);

    private List<ObservationReport> Build(IEnumerable<(string Profile, IReadOnlyList<Observation> Observations)> found, string source)
    {
        var byWorkload = new Dictionary<Core.Workloads.WorkloadIdentity, List<Observation>>();
        foreach (var (profile, observations) in found)
        {
            if (ownerOf(profile) is not { } owner)
            {
                Unattributed += observations.Count;
                continue;
            }

            if (!byWorkload.TryGetValue(owner.Workload, out var list))
                byWorkload[owner.Workload] = list = [];
            list.AddRange(observations.Select(o => o with { Container = owner.Container }));
        }

        return [.. byWorkload.Select(pair => new ObservationReport
        {
            Pod = agent,
            Workload = new ReportWorkload { Kind = pair.Key.Kind, Name = pair.Key.Name, Namespace = pair.Key.Namespace },
            Source = source,
            Sequence = next++,
            Observations = pair.Value,
        })];
    }
}
