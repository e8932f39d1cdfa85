using System.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Cli.Commands;

/// <summary><c>bifrost show</c>: the AppArmor profile a workload's container gets now, as the cluster holds it.</summary>
internal sealed class ShowCommand : ICommand
{
    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        var workload = WorkloadArgument.Create();
        var container = new Option<string>("--container", "-c") { Description = "the container (needed when the workload has several)", HelpName = "NAME" };
        var mode = new Option<string>("--mode") { Description = "which profile: the one new pods get (default), the enforce or the learning (complain) one", HelpName = "current|enforce|complain", DefaultValueFactory = _ => "current" };
        mode.AcceptOnlyFromAmong("current", "enforce", "complain");
        var command = new BifrostCommand("show", "Print the current AppArmor profile of a workload's container")
        {
            Details = """
              Prints the profile text to standard output and one line about it to standard error (phase, revision,
              profile name, rules). The profile new pods get is the enforce one once the workload is Stable or Enforcing,
              and the learning (complain) one before.
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Input, ExitCodes.Cluster],
        };
        command.Arguments.Add(workload);
        command.Options.Add(container);
        command.Options.Add(mode);
        cluster.AddTo(command);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "show", async () =>
        {
            using var client = cluster.Connect(result);
            var (ns, name) = WorkloadArgument.Resolve(result, workload, cluster, client);
            var profile = await client.GetProfileAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (Choose(profile, result.GetValue(container)) is not { } chosen)
            {
                await console.Error.WriteLineAsync($"bifrost show: {NothingYet(profile)}").ConfigureAwait(false);
                return ExitCodes.Input;
            }

            var wanted = result.GetValue(mode) switch
            {
                "enforce" => ProfileMode.Enforce,
                "complain" => ProfileMode.Complain,
                _ => ProfileView.Enforces(profile) ? ProfileMode.Enforce : ProfileMode.Complain,
            };
            if (ProfileView.Current(chosen, wanted) is not { } rendered)
            {
                await console.Error.WriteLineAsync($"bifrost show: {ProfileView.Workload(profile)} in {ns} is {profile.Status.Phase}: container {chosen.Name} has no {wanted.ToString().ToLowerInvariant()} profile yet").ConfigureAwait(false);
                return ExitCodes.Input;
            }

            await console.Out.WriteAsync(rendered.Text).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"{ProfileView.Workload(profile)} in {ns}: {profile.Status.Phase}{(profile.Status.Revision is { } r ? $", revision {r}" : "")}; " +
                $"container {chosen.Name}: {rendered.Name} ({wanted.ToString().ToLowerInvariant()}, {chosen.Rules} rules from {chosen.Pods} pods)").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Why <see cref="Choose"/> found no container.</summary>
    internal static string NothingYet(BifrostProfile profile) =>
        $"{ProfileView.Workload(profile)} in {profile.Metadata.Namespace} has learned nothing yet: no container has reported";

    /// <summary>The named container, or the only one; null when no container has reported yet.</summary>
    /// <exception cref="UsageException">Several containers and none named, or no container of that name.</exception>
    internal static ContainerProfileStatus? Choose(BifrostProfile profile, string? container)
    {
        var containers = profile.Status.Containers;
        var where = $"{ProfileView.Workload(profile)} in {profile.Metadata.Namespace}";
        if (containers.Count == 0)
            return null;
        if (container is null)
        {
            return containers.Count == 1
                ? containers[0]
                : throw new UsageException($"{where} has containers {string.Join(", ", containers.Select(c => c.Name))}: name one with -c");
        }

        return containers.FirstOrDefault(c => c.Name == container)
            ?? throw new UsageException($"{where} has no container '{container}' (it has {string.Join(", ", containers.Select(c => c.Name))})");
    }
}
