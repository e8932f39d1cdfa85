using System.Collections.Concurrent;
using Bifrost.Core.Observations;
using Bifrost.Core.Workloads;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Names the containers of reports that name them by runtime id. A pod is read once and kept by uid; an id it does
/// not know reads it again (at most once a second per pod), since a container that just started may not be in the
/// status the previous read saw.
/// </summary>
internal sealed class PodContainerNames(IPodReader pods, TimeProvider time)
{
    private const int MaxPods = 10_000;
    private static readonly TimeSpan MinRereadInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (PodContainers? Pod, DateTimeOffset ReadAt)> known = new(StringComparer.Ordinal);

    public async Task<AttributionResult> AttributeAsync(ObservationReport report, CancellationToken cancellationToken)
    {
        if (report.Containers?.Any(c => c.Id is not null) != true)
            return ContainerAttribution.Attribute(report, null);

        var ids = report.Containers.Where(c => c.Id is not null).Select(c => c.Id!);
        var cached = known.TryGetValue(report.Pod.Uid, out var entry) ? entry : default;
        var complete = cached.Pod is { } pod && ids.All(pod.NameById.ContainsKey);
        if (!complete && time.GetUtcNow() - cached.ReadAt >= MinRereadInterval)
        {
            var json = await pods.ReadAsync(report.Pod.Namespace, report.Pod.Name, cancellationToken).ConfigureAwait(false);
            var read = json is null ? null : PodContainers.FromPod(json);
            // A pod of the same name but another uid is a successor: it names none of this pod's containers.
            cached = (read?.Uid == report.Pod.Uid ? read : null, time.GetUtcNow());
            if (known.Count >= MaxPods)
                known.Clear();
            known[report.Pod.Uid] = cached;
        }

        return ContainerAttribution.Attribute(report, cached.Pod);
    }
}
