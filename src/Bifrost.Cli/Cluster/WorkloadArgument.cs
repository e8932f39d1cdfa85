using System.CommandLine;

namespace Bifrost.Cli.Cluster;

/// <summary>The WORKLOAD argument of show, diff, approve and relearn, and the profile it names.</summary>
internal static class WorkloadArgument
{
    public static Argument<string> Create() => new("workload")
    {
        Description = "KIND/NAME (deployment/web) or the BifrostProfile's name (deployment-web)",
        HelpName = "WORKLOAD",
    };

    /// <summary>The namespace (<c>-n</c>, else the context's) and the BifrostProfile's name.</summary>
    public static (string Namespace, string Name) Resolve(ParseResult result, Argument<string> workload, ClusterOptions cluster, ClusterClient client) =>
        (result.GetValue(cluster.Namespace) ?? client.DefaultNamespace, WorkloadName.ProfileName(result.GetRequiredValue(workload)));
}
