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

    /// <summary>
    /// A node agent: the packages a workload's containers used, read from their images' package databases. Carries
    /// <see cref="ObservationReport.Packages"/> and no observations; the newest finding per container and image wins.
    /// </summary>
    public const string Packages = "packages";

    public static bool IsKnown(string source) => source is Tracer or Audit or Denied or Packages;

    /// <summary>Only node agents send these, and they may report about any namespace's workloads.</summary>
    public static bool IsAgent(string source) => source is Audit or Denied or Packages;
}
