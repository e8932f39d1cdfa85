using System.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;
using Bifrost.Core.Learning;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost approve</c>: lets a Stable workload whose enforcement is manual enforce, by writing its current revision
/// into <c>spec.enforcement.approvedRevision</c> (<see cref="EnforcementApproval.ApprovePatch"/>).
/// </summary>
internal sealed class ApproveCommand : ICommand
{
    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        var workload = WorkloadArgument.Create();
        var revision = new Option<string>("--revision")
        {
            Description = "approve only if the current revision is this one (the one you reviewed with 'bifrost show')",
            HelpName = "REVISION",
        };
        var command = new BifrostCommand("approve", "Approve a stable workload's profile revision so that it enforces (manual enforcement)")
        {
            Details = """
              Sets spec.enforcement.approvedRevision to the workload's current status.revision with a JSON merge patch.
              Only that revision enforces: a profile that grows afterwards gets a new revision and waits again. Refused
              (exit 1) unless the workload is Stable. With automatic enforcement the approval is recorded and changes nothing.
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Cluster],
        };
        command.Arguments.Add(workload);
        command.Options.Add(revision);
        cluster.AddTo(command);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "approve", async () =>
        {
            using var client = cluster.Connect(result);
            var (ns, name) = WorkloadArgument.Resolve(result, workload, cluster, client);
            var profile = await client.GetProfileAsync(ns, name, cancellationToken).ConfigureAwait(false);
            string patch;
            try
            {
                patch = EnforcementApproval.ApprovePatch(profile);
            }
            catch (InvalidOperationException e)
            {
                await console.Error.WriteLineAsync($"bifrost approve: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Finding;
            }

            var current = profile.Status.Revision;
            if (result.GetValue(revision) is { } reviewed && reviewed != current)
            {
                await console.Error.WriteLineAsync($"bifrost approve: {ProfileView.Workload(profile)} in {ns} is at revision {current}, not {reviewed}: the profile changed; review it again").ConfigureAwait(false);
                return ExitCodes.Finding;
            }

            if (EnforcementApproval.IsApproved(profile))
            {
                await console.Out.WriteLineAsync($"{ProfileView.Workload(profile)} in {ns}: revision {current} is already approved").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await client.MergePatchProfileAsync(ns, name, patch, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{ProfileView.Workload(profile)} in {ns}: approved revision {current}; it enforces once every node has loaded its enforce profiles").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
