using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Audit;

/// <summary>Decides what a record means for Bifrost, from the mode of the profile it names.</summary>
public static class AuditRouting
{
    /// <param name="record">The parsed record.</param>
    /// <param name="modeOf">The mode of a Bifrost profile the node has, or null for a profile Bifrost does not know.</param>
    public static AuditRoute Route(AuditRecord record, Func<string, ProfileMode?> modeOf)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(modeOf);
        if (record.Observation is null || !record.Profile.StartsWith(ProfileNames.Prefix, StringComparison.Ordinal))
            return AuditRoute.Ignore;

        return (modeOf(record.Profile), record.Verdict) switch
        {
            (ProfileMode.Complain, AuditVerdict.Allowed) => AuditRoute.Learn,
            (ProfileMode.Enforce, AuditVerdict.Denied) => AuditRoute.Rollback,
            _ => AuditRoute.Ignore,
        };
    }
}
