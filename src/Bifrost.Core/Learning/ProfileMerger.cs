using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Learning;

/// <summary>
/// Merges reports into a workload's status: observations are de-duplicated per container by their generalised
/// key (one raw representative each, file access masks combined),
/// distinct pods counted, resends ignored, and the time of the last new generalised rule kept for the
/// stability policy. A report with dropped events restarts the quiet period, since a drop may have hidden a
/// new rule. Pure: the caller persists the result.
/// </summary>
public sealed class ProfileMerger(Func<Observation, string> keyOf, Func<IReadOnlyList<Observation>, IReadOnlySet<string>> renderRules)
{
    /// <summary>Bounds that keep a status object small however many pods a workload has.</summary>
    public const int MaxRecentPods = 64;
    public const int MaxAppliedReports = 256;

    public MergeResult Merge(BifrostProfileStatus status, ReportInput report, DateTimeOffset now)
    {
        var applied = status.AppliedReports.FirstOrDefault(a => a.Pod == report.PodUid);
        if (applied is not null && report.Sequence <= applied.Sequence)
            return new MergeResult(status, Resend: true, NewRules: 0);

        var containers = status.Containers.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var newRules = 0;
        foreach (var group in report.Observations.GroupBy(o => o.Container, StringComparer.Ordinal))
        {
            var before = containers.GetValueOrDefault(group.Key) ?? new ContainerProfileStatus { Name = group.Key };
            var observed = Union(before.Observed, group, keyOf);
            var added = 0;
            var rules = before.Rules;
            if (!observed.SequenceEqual(before.Observed))
            {
                // A new observation may already be covered by a glob; only a new or widened rule counts.
                var old = renderRules(before.Observed);
                var current = renderRules(observed);
                added = current.Count(rule => !old.Contains(rule));
                rules = current.Count;
            }

            var grew = added > 0;
            newRules += added;
            var newPod = !before.RecentPods.Contains(report.PodUid, StringComparer.Ordinal);
            containers[group.Key] = before with
            {
                Observed = observed,
                Rules = rules,
                LastNewRuleAt = grew || report.Dropped > 0 ? now : before.LastNewRuleAt,
                Pods = before.Pods + (newPod ? 1 : 0),
                RecentPods = newPod ? Bounded(before.RecentPods, report.PodUid, MaxRecentPods) : before.RecentPods,
                Reports = before.Reports + 1,
                DroppedEvents = before.DroppedEvents + report.Dropped,
            };
        }

        var merged = containers.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var next = status with
        {
            Containers = merged,
            Rules = merged.Sum(c => c.Rules),
            LastNewRuleAt = merged.Max(c => c.LastNewRuleAt),
            AppliedReports = Bounded(status.AppliedReports.Where(a => a.Pod != report.PodUid).ToList(), new AppliedReport(report.PodUid, report.Sequence), MaxAppliedReports),
        };
        return new MergeResult(next, Resend: false, newRules);
    }

    /// <summary>The union of two observation sets by key; file observations of one key combine their access masks.</summary>
    internal static IReadOnlyList<Observation> Union(IReadOnlyList<Observation> existing, IEnumerable<Observation> added, Func<Observation, string> keyOf)
    {
        var byKey = new Dictionary<string, Observation>(StringComparer.Ordinal);
        foreach (var observation in existing.Concat(added))
        {
            var key = keyOf(observation);
            if (!byKey.TryGetValue(key, out var known))
                byKey[key] = observation;
            else if (known is FileObservation file && observation is FileObservation more && (file.Access | more.Access) != file.Access)
                byKey[key] = file with { Access = file.Access | more.Access };
        }

        return [.. byKey.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value)];
    }

    private static IReadOnlyList<T> Bounded<T>(IReadOnlyList<T> items, T added, int max) =>
        [.. items.Skip(Math.Max(0, items.Count + 1 - max)), added];
}

/// <summary>The merged status, whether the report was a resend, and how many new generalised rules it brought.</summary>
public sealed record MergeResult(BifrostProfileStatus Status, bool Resend, int NewRules);
