namespace Bifrost.Core.Profiles;

/// <summary>
/// Reads and sets conditions the way Kubernetes' <c>meta.SetStatusCondition</c> does: one per type, and the
/// <c>lastTransitionTime</c> moves only when the status flips, so it says how long the condition has held.
/// </summary>
public static class ProfileConditions
{
    /// <summary>The API server's bound on a condition's message.</summary>
    public const int MaxMessage = 32768;

    public static ProfileCondition? Find(IReadOnlyList<ProfileCondition> conditions, string type) =>
        conditions.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IReadOnlyList<ProfileCondition> conditions, string type) => Find(conditions, type)?.IsTrue == true;

    /// <summary>
    /// The conditions with a message and a transition time on each, as the CRD requires since conditions took
    /// metav1.Condition's shape: one stored by an earlier version (a TracerUnavailable without them) would otherwise
    /// make the API server refuse the whole status. An unknown transition time becomes <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<ProfileCondition> WithRequiredFields(IReadOnlyList<ProfileCondition> conditions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return conditions.All(c => c.Message is not null && c.LastTransitionTime is not null)
            ? conditions
            : [.. conditions.Select(c => c with { Message = c.Message ?? "", LastTransitionTime = c.LastTransitionTime ?? now })];
    }

    /// <summary>
    /// The conditions with <paramref name="next"/> in place of the one of its type (or added last). Its transition time
    /// is the old one while the status is the same, <paramref name="now"/> when it flips or is new.
    /// </summary>
    public static IReadOnlyList<ProfileCondition> Set(IReadOnlyList<ProfileCondition> conditions, ProfileCondition next, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(next);
        var current = Find(conditions, next.Type);
        var message = next.Message ?? "";
        next = next with
        {
            LastTransitionTime = current is { LastTransitionTime: { } since } && current.Status == next.Status ? since : now,
            Message = message.Length <= MaxMessage ? message : message[..(MaxMessage - 1)] + "…",
        };
        if (current is null)
            return [.. conditions, next];
        return [.. conditions.Select(c => c.Type == next.Type ? next : c)];
    }
}
