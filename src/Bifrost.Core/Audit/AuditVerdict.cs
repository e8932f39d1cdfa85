using System.Text.Json.Serialization;

namespace Bifrost.Core.Audit;

/// <summary>The <c>apparmor=</c> field of a record that reports an access.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditVerdict>))]
public enum AuditVerdict
{
    /// <summary>Complain mode let the access through and logged it.</summary>
    Allowed,

    /// <summary>Enforce mode (or an explicit deny rule) refused the access.</summary>
    Denied,

    /// <summary>An <c>audit</c> rule logged an access it allowed.</summary>
    Audit,
}
