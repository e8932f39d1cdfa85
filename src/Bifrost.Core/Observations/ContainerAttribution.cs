using Bifrost.Core.Workloads;

namespace Bifrost.Core.Observations;

/// <summary>
/// Names the containers a report names by runtime id, from the pod's status. Observations of an id the status does
/// not know are counted and left out when every container of the pod has started (the id is the sandbox's, not a
/// container's); while some container has not started yet the answer is to ask again later, so nothing is lost to a
/// status the kubelet has not written yet.
/// </summary>
public static class ContainerAttribution
{
    public static AttributionResult Attribute(ObservationReport report, PodContainers? pod)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byId = (report.Containers ?? []).Where(c => c.Id is not null).ToList();
        if (byId.Count == 0)
            return new AttributionResult(report, Unattributed: 0, Waiting: []);

        // A container that keeps its own AppArmor profile was given none by Bifrost: nothing is learned for it.
        var known = (pod?.NameById ?? new Dictionary<string, string>())
            .Where(pair => pod?.Profiled is not { } profiled || profiled.Contains(pair.Value))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var statusIds = pod?.NameById ?? new Dictionary<string, string>();
        var unknown = byId.Select(c => c.Id!).Where(id => !statusIds.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 && pod is { AllStarted: false })
            return new AttributionResult(null, Unattributed: 0, Waiting: unknown);

        var ids = byId.Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
        var observations = new List<Observation>(report.Observations.Count);
        var unattributed = 0;
        foreach (var observation in report.Observations)
        {
            if (!ids.Contains(observation.Container))
                observations.Add(observation);
            else if (known.TryGetValue(observation.Container, out var name))
                observations.Add(observation with { Container = name });
            else
                unattributed++;
        }

        var containers = (report.Containers ?? [])
            .Select(c => c.Id is { } id ? known.TryGetValue(id, out var name) ? c with { Id = null, Name = name } : null : c)
            .OfType<ReportContainer>()
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => g.First() with { StartMissed = g.Any(c => c.StartMissed) })
            .ToList();
        return new AttributionResult(report with { Observations = observations, Containers = containers }, unattributed, Waiting: []);
    }
}

/// <summary>
/// The report with containers named (null while <paramref name="Waiting"/> names ids the pod's status does not know
/// yet), and how many observations named no container of the pod.
/// </summary>
public sealed record AttributionResult(ObservationReport? Report, int Unattributed, IReadOnlyList<string> Waiting);
