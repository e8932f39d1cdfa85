using System.Text.Json.Serialization;

namespace Bifrost.Core.Learning;

/// <summary>What happens once a workload's profile is stable: enforce it by itself, or wait for a person's approval.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnforcementMode>))]
public enum EnforcementMode
{
    /// <summary>Enforce as soon as every node has loaded the enforce profiles.</summary>
    Auto,

    /// <summary>Stay Stable until the profile's revision is approved (<c>spec.enforcement.approvedRevision</c>).</summary>
    Manual,
}
