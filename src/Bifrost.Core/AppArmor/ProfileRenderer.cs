using System.Security.Cryptography;
using System.Text.Json;
using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Generates the rules for a set of observations once, keyed by a hash of their content, for everyone who asks: the
/// merge (which compares the rules before and after a report), the lifecycle's learning profile every round, and the
/// enforce profile. A profile's name and mode only change its header, so <see cref="Render"/> writes the text for the
/// name and mode asked from the cached rules; the cache keeps rules, never text. <paramref name="rendered"/> is told of
/// each real generation (a metric).
/// </summary>
/// <remarks>
/// Each workload container's latest content is asked for again at its next merge and lifecycle round, so the cache
/// forgets the content used least recently when full: with more live contents than <paramref name="capacity"/> only
/// the oldest are generated again, rather than every one after the cache was emptied.
/// </remarks>
public sealed class ProfileRenderer(Action? rendered = null, int capacity = ProfileRenderer.DefaultCapacity)
{
    /// <summary>Contents kept: one per container of 10,000 workloads of one or two containers each.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly Lock gate = new();
    private readonly Dictionary<UInt128, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();
    private long generations;

    /// <summary>How many times the generator ran: once per distinct content while it stays in the cache.</summary>
    public long Generations => Interlocked.Read(ref generations);

    /// <summary>Distinct contents held now: at most the capacity.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>The profile for <paramref name="observed"/> under <paramref name="name"/> in <paramref name="mode"/>.</summary>
    public GeneratedProfile Render(IReadOnlyList<Observation> observed, string name, ProfileMode mode)
    {
        var rules = Rules(observed);
        return rules with { Name = name, Mode = mode, Text = ProfileWriter.Write(name, mode, rules.Rules) };
    }

    /// <summary>
    /// The generated rules (under a placeholder name, without text: <see cref="Render"/> writes it), from the cache
    /// when this content was seen before.
    /// </summary>
    public GeneratedProfile Rules(IReadOnlyList<Observation> observed) => Find(observed).Profile;

    /// <summary>The rules as they are written, one string each: what the merge compares before and after a report.</summary>
    public IReadOnlySet<string> RuleTexts(IReadOnlyList<Observation> observed)
    {
        var entry = Find(observed);
        // Written once per content, on the first ask; racing callers write equal sets.
        return entry.Texts ??= entry.Profile.Rules.Select(rule => rule.ToString()).ToHashSet(StringComparer.Ordinal);
    }

    private Entry Find(IReadOnlyList<Observation> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var key = Key(observed);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var known))
            {
                recency.Remove(known);
                recency.AddFirst(known);
                return known.Value;
            }
        }

        // Generated outside the lock: the lifecycle and the merge do not wait on each other's generations.
        var entry = new Entry(key, ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = "bifrost_rules", Mode = ProfileMode.Enforce }, writeText: false));
        Interlocked.Increment(ref generations);
        rendered?.Invoke();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var raced))
                return raced.Value;
            if (entries.Count >= Math.Max(capacity, 1) && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.Key);
            }

            entries[key] = recency.AddFirst(entry);
        }

        return entry;
    }

    private static UInt128 Key(IReadOnlyList<Observation> observed)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(observed, ObservationJson.Options), hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    private sealed class Entry(UInt128 key, GeneratedProfile profile)
    {
        public UInt128 Key { get; } = key;

        public GeneratedProfile Profile { get; } = profile;

        public IReadOnlySet<string>? Texts { get; set; }
    }
}
