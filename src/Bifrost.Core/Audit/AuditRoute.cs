namespace Bifrost.Core.Audit;

/// <summary>Where one audit record goes.</summary>
public enum AuditRoute
{
    /// <summary>Not a Bifrost profile, not an access, or nothing to do (a denial by an explicit deny rule in complain mode).</summary>
    Ignore,

    /// <summary>An access a learning profile allowed: feed it to learning.</summary>
    Learn,

    /// <summary>An access an enforce profile denied: consider rolling the workload back.</summary>
    Rollback,
}
