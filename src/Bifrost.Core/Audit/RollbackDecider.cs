using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>
/// Turns DENIED records of enforce profiles into rollback decisions, rate-limited per profile: the first denial opens
/// a gathering window, everything denied until it closes is one decision, and after a decision the profile waits a
/// cool-down before the next, so thousands of denials a second are one decision, not thousands. Time comes from the
/// caller. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class RollbackDecider(RollbackPolicy policy)
{
    private readonly Dictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> lastDecision = new(StringComparer.Ordinal);

    /// <summary>Profiles with denials waiting for a decision.</summary>
    public int PendingProfiles => pending.Count;

    /// <summary>Takes one denial of an enforce profile; records of other verdicts or without an access are ignored.</summary>
    public void Offer(AuditRecord record, DateTimeOffset now)
    {
        if (record.Verdict != AuditVerdict.Denied || record.Observation is null)
            return;
        if (!this.pending.TryGetValue(record.Profile, out var pending))
        {
            pending = new Pending(now);
            this.pending[record.Profile] = pending;
        }

        pending.Denials++;
        if (pending.Accesses.Contains(record.Observation))
            return;
        if (pending.Accesses.Count < policy.MaxAccesses)
            pending.Accesses.Add(record.Observation);
        else
            pending.Omitted++;
    }

    /// <summary>The decisions whose gathering window has closed and whose profile is out of its cool-down.</summary>
    public IReadOnlyList<RollbackDecision> TakeDue(DateTimeOffset now)
    {
        List<RollbackDecision>? due = null;
        foreach (var (profile, pending) in pending)
        {
            if (now - pending.FirstDeniedAt < policy.Gather)
                continue;
            if (lastDecision.TryGetValue(profile, out var last) && now - last < policy.Cooldown)
                continue;
            (due ??= []).Add(new RollbackDecision
            {
                Profile = profile,
                Denied = [.. pending.Accesses],
                Denials = pending.Denials,
                Omitted = pending.Omitted,
                FirstDeniedAt = pending.FirstDeniedAt,
                DecidedAt = now,
            });
        }

        if (due is null)
            return [];
        foreach (var decision in due)
        {
            pending.Remove(decision.Profile);
            lastDecision[decision.Profile] = now;
        }

        return due;
    }

    private sealed class Pending(DateTimeOffset firstDeniedAt)
    {
        public DateTimeOffset FirstDeniedAt { get; } = firstDeniedAt;
        public HashSet<Observation> Accesses { get; } = [];
        public long Denials { get; set; }
        public long Omitted { get; set; }
    }
}
