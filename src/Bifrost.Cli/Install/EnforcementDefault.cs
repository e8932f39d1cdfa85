namespace Bifrost.Cli.Install;

/// <summary>The cluster-wide default of the enforcement choice (Bifrost:Learning:Enforcement) for workloads that do not choose.</summary>
internal enum EnforcementDefault
{
    /// <summary>A stable workload is enforced once every node has its profile.</summary>
    Auto,

    /// <summary>A stable workload waits in Stable until it is approved.</summary>
    Manual,
}
