using System.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;

namespace Bifrost.Cli.Commands;

/// <summary><c>bifrost status</c>: a table of the protected workloads, from their BifrostProfiles and the nodes' reports.</summary>
internal sealed class StatusCommand : ICommand
{
    private static readonly string[] Header = ["NAMESPACE", "WORKLOAD", "PHASE", "RULES", "PODS", "TO STABLE", "NODES", "NOTE"];

    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        cluster.Namespace.Description = "only this namespace's workloads (default: every namespace)";
        var command = new BifrostCommand("status", "List the protected workloads: phase, rules, pods seen, time to stability, nodes loaded")
        {
            Details = """
              PHASE is Learning, Stable, Enforcing, Relearning, RolledBack or Off. PODS counts the pods whose tracers
              reported. TO STABLE is how long learning took, or what it still waits for (waiting: QuietPeriod, TooFewPods, ...).
              NODES is how many nodes' agents report every profile new pods get as loaded. NOTE says what needs a person:
              'approve REVISION' (manual enforcement), WaitingForNodes, or a Degraded reason.
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Cluster],
        };
        cluster.AddTo(command);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "status", async () =>
        {
            using var client = cluster.Connect(result);
            var profiles = await client.ListProfilesAsync(result.GetValue(cluster.Namespace), cancellationToken).ConfigureAwait(false);
            if (profiles.Count == 0)
            {
                await console.Error.WriteLineAsync($"bifrost status: no protected workloads{(result.GetValue(cluster.Namespace) is { } ns ? $" in namespace {ns}" : "")}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var nodes = await client.ListNodesAsync(cancellationToken).ConfigureAwait(false);
            var rows = profiles
                .OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal)
                .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
                .Select(p => (IReadOnlyList<string>)
                [
                    p.Metadata.Namespace, ProfileView.Workload(p), p.Status.Phase.ToString(), p.Status.Rules.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ProfileView.Pods(p).ToString(System.Globalization.CultureInfo.InvariantCulture), ProfileView.TimeToStable(p), ProfileView.NodesLoaded(p, nodes), ProfileView.Note(p),
                ]);
            await console.Out.WriteAsync(TextTable.Format(Header, rows)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
