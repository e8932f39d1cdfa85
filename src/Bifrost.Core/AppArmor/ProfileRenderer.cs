using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Generates the rules for a set of observations once, keyed by a hash of their content, for everyone who asks: the
/// merge (which compares the rules before and after a report), the lifecycle's learning profile every round, and the
/// enforce profile. A profile's name and mode only change its header, so <see cref="Render"/> writes the text for the
/// name and mode asked from the cached rules. <paramref name="rendered"/> is told of each real generation (a metric).
/// </summary>
public sealed class ProfileRenderer(Action? rendered = null, int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, GeneratedProfile> generated = new(StringComparer.Ordinal);
    private long generations;

    /// <summary>How many times the generator ran: once per distinct content while it stays in the cache.</summary>
    public long Generations => Interlocked.Read(ref generations);

    /// <summary>The profile for <paramref name="observed"/> under <paramref name="name"/> in <paramref name="mode"/>.</summary>
    public GeneratedProfile Render(IReadOnlyList<Observation> observed, string name, ProfileMode mode)
    {
        var rules = Rules(observed);
        return rules with { Name = name, Mode = mode, Text = ProfileWriter.Write(name, mode, rules.Rules) };
    }

    /// <summary>The generated rules (under a placeholder name), from the cache when this content was seen before.</summary>
    public GeneratedProfile Rules(IReadOnlyList<Observation> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ObservationJson.Serialize(observed))));
        if (generated.TryGetValue(key, out var known))
            return known;
        var profile = ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = "bifrost_rules", Mode = ProfileMode.Enforce });
        Interlocked.Increment(ref generations);
        rendered?.Invoke();
        if (generated.Count >= capacity)
            generated.Clear();
        generated[key] = profile;
        return profile;
    }
}
