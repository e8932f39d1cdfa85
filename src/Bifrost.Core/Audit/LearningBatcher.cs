using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>
/// Collects ALLOWED records of learning profiles into per-profile batches of distinct observations. A complain-mode
/// profile logs every access it would have denied, again and again; the batcher keeps each access once per batch
/// and bounds what it holds, counting what it had to drop. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class LearningBatcher(int maxPerProfile = 1024, int maxProfiles = 4096)
{
    private readonly Dictionary<string, HashSet<Observation>> batches = new(StringComparer.Ordinal);

    /// <summary>Observations dropped because a batch or the number of profiles was at its bound.</summary>
    public long Dropped { get; private set; }

    public int Count => batches.Sum(b => b.Value.Count);

    /// <summary>Takes one allowed record; other verdicts and records without an access are ignored.</summary>
    public void Offer(AuditRecord record)
    {
        if (record.Verdict != AuditVerdict.Allowed || record.Observation is null)
            return;
        if (!batches.TryGetValue(record.Profile, out var batch))
        {
            if (batches.Count >= maxProfiles)
            {
                Dropped++;
                return;
            }

            batch = [];
            batches[record.Profile] = batch;
        }

        if (batch.Count >= maxPerProfile && !batch.Contains(record.Observation))
            Dropped++;
        else
            batch.Add(record.Observation);
    }

    /// <summary>Everything collected since the last drain, one batch per profile.</summary>
    public IReadOnlyList<ObservationBatch> Drain()
    {
        var batches = this.batches.Select(b => new ObservationBatch(b.Key, [.. b.Value])).ToList();
        this.batches.Clear();
        return batches;
    }
}
