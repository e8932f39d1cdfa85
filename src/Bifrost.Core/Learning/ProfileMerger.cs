using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Learning;

/// <summary>
/// Merges reports into a workload's status: observations are de-duplicated per container by their generalised
/// key (one raw representative each, file access masks combined),
/// distinct pods counted, resends ignored, and the time of the last new generalised rule kept for the
/// stability policy. A report with dropped events restarts the quiet period, since a drop may have hidden a
/// new rule. The images containers report are kept, and an image the rules were not learned from is noted for the
/// lifecycle (Relearning), as are accesses a node agent saw denied under enforce (RolledBack). A merge that would
/// take the object over its size budget even packed (<see cref="ProfileSize"/>) keeps the containers' earlier
/// observations instead, says so in the <see cref="ProfileCondition.TooLarge"/> condition and an Event, and keeps the
/// workload learning. Pure: the caller persists the result.
/// </summary>
public sealed class ProfileMerger(
    Func<Observation, string> keyOf, Func<IReadOnlyList<Observation>, IReadOnlySet<string>> renderRules, int maxStatusBytes = ProfileSize.DefaultBudget)
{
    /// <summary>Bounds that keep a status object small however many pods a workload has.</summary>
    public const int MaxRecentPods = 64;
    public const int MaxAppliedReports = 256;
    public const int MaxImages = 8;

    public MergeResult Merge(BifrostProfileStatus status, ReportInput report, DateTimeOffset now) => Merge(status, [report], now);

    /// <summary>
    /// Merges a batch of reports in one pass: one union and one rule comparison per container, however many reports,
    /// so a busy workload's flush costs about what one report does. What is learned is what merging them one by one
    /// gives; the report counts and applied sequences also take in reports that, one by one, would not have been written.
    /// </summary>
    public MergeResult Merge(BifrostProfileStatus status, IReadOnlyList<ReportInput> reports, DateTimeOffset now)
    {
        // Resends, also within the batch, by the newest sequence applied per pod; pods kept in order of their last report.
        // Package findings are not numbered per pod: the newest finding per container and image replaces the older.
        var packages = reports.Where(r => r.Source == ReportSource.Packages).ToList();
        var newest = status.AppliedReports.ToDictionary(a => a.Pod, a => a.Sequence, StringComparer.Ordinal);
        var recency = status.AppliedReports.Select(a => a.Pod).ToList();
        var fresh = new List<ReportInput>(reports.Count);
        foreach (var report in reports.Where(r => r.Source != ReportSource.Packages))
        {
            if (newest.TryGetValue(report.PodUid, out var applied) && report.Sequence <= applied)
                continue;
            newest[report.PodUid] = report.Sequence;
            recency.Remove(report.PodUid);
            recency.Add(report.PodUid);
            fresh.Add(report);
        }

        if (fresh.Count == 0 && packages.Count == 0)
            return new MergeResult(status, Resend: true, NewRules: 0);

        var containers = status.Containers.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var newRules = 0;
        var byContainer = fresh
            .SelectMany(report => report.Observations.Select(observation => (Report: report, Observation: observation)))
            .GroupBy(pair => pair.Observation.Container, StringComparer.Ordinal);
        foreach (var group in byContainer)
        {
            var before = containers.GetValueOrDefault(group.Key) ?? new ContainerProfileStatus { Name = group.Key };
            var observed = Union(before.Observed, group.Select(pair => pair.Observation), keyOf);
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

            newRules += added;
            var senders = group.Select(pair => pair.Report).Distinct().ToList();
            var pods = before.Pods;
            var recentPods = before.RecentPods;
            foreach (var pod in senders.Select(r => r.PodUid).Distinct(StringComparer.Ordinal))
            {
                if (recentPods.Contains(pod, StringComparer.Ordinal))
                    continue;
                pods++;
                recentPods = Bounded(recentPods, pod, MaxRecentPods);
            }

            var dropped = senders.Sum(r => r.Dropped);
            containers[group.Key] = before with
            {
                Observed = observed,
                Rules = rules,
                LastNewRuleAt = added > 0 || dropped > 0 ? now : before.LastNewRuleAt,
                Pods = pods,
                RecentPods = recentPods,
                Reports = before.Reports + senders.Count,
                DroppedEvents = before.DroppedEvents + dropped,
            };
        }

        var packagesChanged = NotePackages(containers, packages);
        if (fresh.Count == 0 && !packagesChanged)
            return new MergeResult(status, Resend: true, NewRules: 0);
        NoteStartMissed(containers, fresh);
        var imageChange = NoteImages(containers, fresh);
        var (tracerConditions, events) = TracerConditions(status.Conditions, fresh, now);
        var denied = fresh.Where(r => r.Source == ReportSource.Denied && r.Observations.Count > 0).ToList();
        if (!packagesChanged && imageChange is null && denied.Count == 0 && ReferenceEquals(tracerConditions, status.Conditions)
            && containers.Values.All(c => status.Containers.FirstOrDefault(b => b.Name == c.Name) is { } b && SameLearning(b, c)))
            return new MergeResult(status, Resend: true, NewRules: 0);
        var merged = containers.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var conditions = tracerConditions;
        var sizeEvents = new List<LifecycleEvent>();
        if (newRules > 0 || merged.Any(c => c.Observed.Count != (status.Containers.FirstOrDefault(b => b.Name == c.Name)?.Observed.Count ?? 0)))
            (merged, conditions, newRules) = WithinBudget(status, merged, conditions, newRules, now, sizeEvents);
        var next = status with
        {
            ImageChangedAt = imageChange is null ? status.ImageChangedAt : now,
            ImageChange = imageChange ?? status.ImageChange,
            DeniedAt = denied.Count == 0 ? status.DeniedAt : now,
            Denials = status.Denials + denied.Sum(r => r.Observations.Count),
            LastDenial = denied.Count == 0 ? status.LastDenial : denied[^1].Observations[0].ToString(),
            Containers = merged,
            Conditions = conditions,
            Rules = merged.Sum(c => c.Rules),
            PackagesInUse = merged.Any(c => c.Packages.Count > 0) ? merged.Sum(c => c.Packages.Count > 0 ? c.Packages[^1].Used.Count : 0) : null,
            PackagesInstalled = merged.Any(c => c.Packages.Count > 0) ? merged.Sum(c => c.Packages.Count > 0 ? c.Packages[^1].Installed : 0) : null,
            LastNewRuleAt = merged.Max(c => c.LastNewRuleAt),
            AppliedReports = [.. recency.Skip(Math.Max(0, recency.Count - MaxAppliedReports)).Select(pod => new AppliedReport(pod, newest[pod]))],
        };
        return new MergeResult(next, Resend: false, newRules) { Events = [.. events, .. sizeEvents] };
    }

    /// <summary>
    /// The merged containers when the status fits its budget once packed (with an eighth kept for the profiles the
    /// lifecycle renders from it); otherwise every container whose observations grew keeps its earlier ones and rules,
    /// with its last new rule now (so the workload does not settle on a profile it could not finish), and the
    /// <see cref="ProfileCondition.TooLarge"/> condition says what was left out. An Event when it first happens.
    /// </summary>
    private (List<ContainerProfileStatus> Merged, IReadOnlyList<ProfileCondition> Conditions, int NewRules) WithinBudget(
        BifrostProfileStatus status, List<ContainerProfileStatus> merged, IReadOnlyList<ProfileCondition> conditions, int newRules,
        DateTimeOffset now, List<LifecycleEvent> events)
    {
        var limit = maxStatusBytes / 8 * 7;
        var bytes = ProfileSize.FittedBytes(status with { Containers = merged, Conditions = conditions }, limit);
        if (bytes <= limit)
            return (merged, conditions, newRules);

        var left = 0;
        var names = new List<string>();
        var kept = merged.Select(c =>
        {
            var before = status.Containers.FirstOrDefault(b => b.Name == c.Name);
            var had = before?.Observed ?? [];
            if (c.Observed.Count == had.Count)
                return c;
            left += c.Observed.Count - had.Count;
            names.Add(c.Name);
            return c with { Observed = had, Rules = before?.Rules ?? 0, LastNewRuleAt = now };
        }).ToList();
        var message = $"{left} new observations of {string.Join(", ", names)} were not kept: the object would take {bytes} bytes " +
            $"compressed, over {limit} of its {maxStatusBytes}-byte budget (etcd refuses objects over {ProfileSize.EtcdLimit}); " +
            "the workload keeps learning in complain mode (a profile this broad protects little: mode Off or a narrower workload may suit it better)";
        var current = conditions.FirstOrDefault(c => c.Type == ProfileCondition.TooLarge);
        var condition = new ProfileCondition
        {
            Type = ProfileCondition.TooLarge,
            Status = ProfileCondition.True,
            Reason = "OverSizeBudget",
            Message = message,
            LastTransitionTime = current is { IsTrue: true } ? current.LastTransitionTime : now,
        };
        if (current is not { IsTrue: true })
            events.Add(new LifecycleEvent("ProfileTooLarge", message, Warning: true));
        return (kept, [.. conditions.Where(c => c.Type != ProfileCondition.TooLarge), condition], 0);
    }

    /// <summary>
    /// Whether a container's merge changed nothing the lifecycle, the profiles or a person reads: no new or widened
    /// observation, pod, image, drop or start-up mark. Such a merge is not written: at scale most reports repeat what is
    /// known, and writing each one's bookkeeping (report counts, applied sequences) would send every node agent an
    /// update per workload per flush. A resend of such a report changes nothing either, so the guard loses nothing.
    /// </summary>
    private static bool SameLearning(ContainerProfileStatus before, ContainerProfileStatus after) =>
        before.Pods == after.Pods && before.DroppedEvents == after.DroppedEvents && before.StartMissed == after.StartMissed
        && ReferenceEquals(before.Packages, after.Packages) && before.Images.SequenceEqual(after.Images, StringComparer.Ordinal)
        && before.Observed.SequenceEqual(after.Observed);

    /// <summary>
    /// Keeps each container's package findings per image: a finding replaces an older one of the same image (the newest
    /// read wins; one that says the same changes nothing) and moves it last, so the last entry is the image read most
    /// recently. A container the workload has not learned anything for gets none. True when anything changed.
    /// </summary>
    private static bool NotePackages(Dictionary<string, ContainerProfileStatus> containers, List<ReportInput> reports)
    {
        var changed = false;
        foreach (var (name, found) in reports.SelectMany(r => r.Packages ?? []).Select(p => (p.Container, p.Packages)))
        {
            if (!containers.TryGetValue(name, out var container))
                continue;
            var known = container.Packages.FirstOrDefault(p => p.Image == found.Image);
            if (known is not null && (known.SameFindings(found) || known.UpdatedAt > found.UpdatedAt))
                continue;
            containers[name] = container with { Packages = Bounded([.. container.Packages.Where(p => p.Image != found.Image)], found, MaxImages) };
            changed = true;
        }

        return changed;
    }

    /// <summary>A container some tracer attached to late keeps the mark: its profile may lack what it did at start.</summary>
    private static void NoteStartMissed(Dictionary<string, ContainerProfileStatus> containers, List<ReportInput> reports)
    {
        foreach (var name in reports.SelectMany(r => r.StartMissed ?? new HashSet<string>()))
        {
            if (containers.TryGetValue(name, out var container) && !container.StartMissed)
                containers[name] = container with { StartMissed = true };
        }
    }

    /// <summary>
    /// The newest tracer state reported decides the <see cref="ProfileCondition.TracerUnavailable"/> condition; a change
    /// to unavailable is also an Event, since the workload now learns from audit records alone.
    /// </summary>
    private static (IReadOnlyList<ProfileCondition> Conditions, IReadOnlyList<LifecycleEvent> Events) TracerConditions(
        IReadOnlyList<ProfileCondition> conditions, List<ReportInput> reports, DateTimeOffset now)
    {
        var latest = reports.LastOrDefault(r => r.Tracer is not null);
        if (latest?.Tracer is not { } tracer)
            return (conditions, []);
        var current = conditions.FirstOrDefault(c => c.Type == ProfileCondition.TracerUnavailable);
        var unavailable = tracer.State == TracerState.Unavailable;
        if (current is null && !unavailable)
            return (conditions, []);
        var where = $"pod {latest.PodName ?? latest.PodUid}{(latest.Node is { Length: > 0 } node ? $" on node {node}" : "")}";
        var next = unavailable
            ? new ProfileCondition { Type = ProfileCondition.TracerUnavailable, Status = "True", Reason = "AttachFailed", Message = $"the tracer of {where} could not attach: {tracer.Reason}; learning from AppArmor audit records" }
            : new ProfileCondition { Type = ProfileCondition.TracerUnavailable, Status = "False", Reason = "Attached", Message = $"the tracer of {where} is attached" };
        if (current is not null && current.Status == next.Status && current.Message == next.Message)
            return (conditions, []);
        next = next with { LastTransitionTime = current?.Status == next.Status ? current.LastTransitionTime : now };
        IReadOnlyList<ProfileCondition> updated = [.. conditions.Where(c => c.Type != ProfileCondition.TracerUnavailable), next];
        IReadOnlyList<LifecycleEvent> events = unavailable && current?.IsTrue != true
            ? [new LifecycleEvent("TracerUnavailable", next.Message!, Warning: true)]
            : [];
        return (updated, events);
    }

    /// <summary>
    /// Keeps each container's images. A container's first image is simply recorded; a later image it was not learned
    /// from is added and returned as the change. Old images stay (bounded), so old pods still reporting do not flip it back.
    /// </summary>
    private static string? NoteImages(Dictionary<string, ContainerProfileStatus> containers, List<ReportInput> reports)
    {
        string? change = null;
        foreach (var report in reports)
        {
            foreach (var (name, image) in report.Images ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrEmpty(image) || !containers.TryGetValue(name, out var container) || container.Images.Contains(image, StringComparer.Ordinal))
                    continue;
                if (container.Images.Count > 0)
                    change = $"{name}: {container.Images[^1]} -> {image}";
                containers[name] = container with { Images = Bounded(container.Images, image, MaxImages) };
            }
        }

        return change;
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

/// <summary>
/// The merged status, whether there is nothing to write (every report a resend, or nothing in them new: see
/// <c>SameLearning</c>), and how many new generalised rules it brought.
/// </summary>
public sealed record MergeResult(BifrostProfileStatus Status, bool Resend, int NewRules)
{
    /// <summary>What the merge noticed that a person should see as an Event (a tracer that could not attach).</summary>
    public IReadOnlyList<LifecycleEvent> Events { get; init; } = [];
}
