namespace Bifrost.Core.Observations;

/// <summary>Who made a report's observations, as <see cref="ObservationReport.Source"/> spells it on the wire.</summary>
public static class ReportSource
{
    /// <summary>A pod's tracer sidecar, about its own pod.</summary>
    public const string Tracer = "tracer";

    /// <summary>A node agent: accesses a learning (complain) profile allowed, read from AppArmor's records.</summary>
    public const string Audit = "audit";

    /// <summary>A node agent: accesses an enforce profile denied. The controller rolls an enforcing workload back.</summary>
    public const string Denied = "denied";

    public static bool IsKnown(string source) => source is Tracer or Audit or Denied;

    /// <summary>Only node agents send these, and they may report about any namespace's workloads.</summary>
    public static bool IsAgent(string source) => source is Audit or Denied;
}
