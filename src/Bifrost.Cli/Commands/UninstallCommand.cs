using System.CommandLine;
using Bifrost.Cli.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.Install;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost uninstall</c>: removes what <c>bifrost install</c> (or <c>kubectl apply -k manifests/</c>) created, with the
/// node agents cleaning their nodes first; <c>--dry-run</c> lists the steps.
/// </summary>
internal sealed class UninstallCommand : ICommand
{
    public Command Create(CliConsole console)
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "the namespace Bifrost runs in", HelpName = "NAME", DefaultValueFactory = _ => InstallOptions.DefaultNamespace };
        var keepProfiles = new Option<bool>("--keep-profiles") { Description = "keep the CRDs and every BifrostProfile (what was learned) for a later install", Arity = ArgumentArity.Zero };
        var force = new Option<bool>("--force") { Description = "go on when some node agents do not confirm in time (their profiles and files stay on those nodes)", Arity = ArgumentArity.Zero };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the node agents to confirm (default 120)", HelpName = "SECONDS", DefaultValueFactory = _ => 120 };
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be done and deleted; change nothing", Arity = ArgumentArity.Zero };
        var cluster = new ClusterOptions();

        var command = new BifrostCommand("uninstall", "Remove Bifrost from the cluster, with its profiles and files on every node")
        {
            Details = """
              bifrost uninstall [options]

            In this order: the MutatingWebhookConfiguration goes first, so no pod is admitted with a Bifrost profile
            any more; each node agent then unloads Bifrost's profiles and removes its files from the node, and confirms
            in its BifrostNode (profiles that running pods use stay loaded until the node reboots: restart those
            workloads); then the agents, the webhook, their RBAC, settings and secrets, the namespace (if bifrost
            install made it), and last the CRDs, which deletes every BifrostProfile unless --keep-profiles.
            """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Cluster],
        };
        foreach (var option in new Option[] { ns, keepProfiles, force, timeout, dryRun })
            command.Options.Add(option);
        cluster.AddTo(command, withNamespace: false);
        command.SetAction(async (result, cancellationToken) =>
        {
            var seconds = result.GetValue(timeout);
            if (seconds < 1)
                throw new UsageException("--timeout must be at least 1 second");
            var options = new UninstallOptions
            {
                Namespace = InstallCommand.Validated(result.GetValue(ns), "--namespace"),
                KeepProfiles = result.GetValue(keepProfiles),
                Force = result.GetValue(force),
                Timeout = TimeSpan.FromSeconds(seconds),
            };
            if (result.GetValue(dryRun))
            {
                foreach (var line in Uninstaller.Plan(options))
                    await console.Out.WriteLineAsync("would " + line).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            return await ClusterAction.RunAsync(console, "uninstall", async () =>
            {
                using var connection = cluster.Open(result);
                try
                {
                    return await new Uninstaller(connection, options, console.Out, TimeProvider.System).RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (UninstallStoppedException e)
                {
                    await console.Error.WriteLineAsync($"bifrost uninstall: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Finding;
                }
            }).ConfigureAwait(false);
        });
        return command;
    }
}
