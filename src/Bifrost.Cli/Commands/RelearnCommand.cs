using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost relearn</c>: asks the controller to learn a workload again by setting <c>spec.relearnRequestedAt</c>; the
/// controller moves it to Relearning, keeps the rules learned so far and starts the learning period again.
/// </summary>
internal sealed class RelearnCommand(TimeProvider? time = null) : ICommand
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        var workload = WorkloadArgument.Create();
        var command = new BifrostCommand("relearn", "Learn a workload again, from the rules learned so far")
        {
            Details = """
              Sets spec.relearnRequestedAt to the current time with a JSON merge patch. On its next round the controller
              moves the workload to Relearning: new pods get the complain profile and the tracer again, the minimum
              learning period starts again, and the rules learned so far are kept, so nothing that was allowed is taken
              away. Once stable again, a new enforce revision is rendered (and, under manual enforcement, waits for approval).
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Cluster],
        };
        command.Arguments.Add(workload);
        cluster.AddTo(command);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "relearn", async () =>
        {
            using var client = cluster.Connect(result);
            var (ns, name) = WorkloadArgument.Resolve(result, workload, cluster, client);
            var profile = await client.GetProfileAsync(ns, name, cancellationToken).ConfigureAwait(false);
            var requested = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var patch = JsonSerializer.Serialize(new { spec = new { relearnRequestedAt = requested } });
            await client.MergePatchProfileAsync(ns, name, patch, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{ProfileView.Workload(profile)} in {ns}: relearn requested at {requested} (phase {profile.Status.Phase}); " +
                "the controller moves it to Relearning on its next round").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
