using System.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;

namespace Bifrost.Cli.Commands;

/// <summary><c>bifrost check</c>: preflight checks of a cluster and a Bifrost installation, one line each.</summary>
internal sealed class CheckCommand(TimeProvider? time = null) : ICommand
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        var bifrostNamespace = new Option<string>("--bifrost-namespace") { Description = "the namespace Bifrost is installed in", HelpName = "NAME", DefaultValueFactory = _ => "bifrost-system" };
        var command = new BifrostCommand("check", "Check the cluster and Bifrost's installation: API server version, node agents, certificates, webhook, RBAC")
        {
            Details = """
              Prints one line per check: ✓ fine, ‼ a warning, ✗ failed, each with its reason, and for a warning or a
              failure a hint on the next line. Exits 1 if any check failed (warnings do not fail).
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Cluster],
        };
        command.Options.Add(bifrostNamespace);
        cluster.AddTo(command, withNamespace: false);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "check", async () =>
        {
            using var client = cluster.Connect(result);
            var results = await new Preflight(client, result.GetRequiredValue(bifrostNamespace), clock).RunAsync(cancellationToken).ConfigureAwait(false);
            foreach (var check in results)
            {
                await console.Out.WriteLineAsync($"{check.Mark} {check.Name}: {check.Reason}").ConfigureAwait(false);
                if (check.Hint is { } hint)
                    await console.Out.WriteLineAsync($"    hint: {hint}").ConfigureAwait(false);
            }

            var failed = results.Count(r => r.Outcome == CheckOutcome.Failed);
            var warnings = results.Count(r => r.Outcome == CheckOutcome.Warning);
            await console.Out.WriteLineAsync($"\n{results.Count - failed - warnings} fine, {warnings} warning{(warnings == 1 ? "" : "s")}, {failed} failed ({client.Server})").ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Success : ExitCodes.Finding;
        }));
        return command;
    }
}
