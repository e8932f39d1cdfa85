using System.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.CommandLine;
using Bifrost.Core.AppArmor;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost diff</c>: what changed in a workload's profile. The cluster keeps only the current version, so the other
/// side is either a profile saved earlier (<c>bifrost show &gt; web.aa</c>) or, without one, the learning profile: what
/// was learned beyond the enforce revision.
/// </summary>
internal sealed class DiffCommand : ICommand
{
    public Command Create(CliConsole console)
    {
        var cluster = new ClusterOptions();
        var workload = WorkloadArgument.Create();
        var container = new Option<string>("--container", "-c") { Description = "the container (needed when the workload has several)", HelpName = "NAME" };
        var against = new Option<string>("--against")
        {
            Description = "a profile saved earlier, e.g. by 'bifrost show' ('-' reads standard input): compared with the profile new pods get now",
            HelpName = "FILE",
        };
        var command = new BifrostCommand("diff", "Show the rules that differ between two versions of a workload's profile")
        {
            Details = """
              The cluster holds one version of each profile, so the other version comes from you or from the learning:
                bifrost diff deployment/web --against web.aa    a profile saved earlier ('bifrost show deployment/web > web.aa')
                                                                against the one new pods get now
                bifrost diff deployment/web                     the enforce revision against everything learned so far
                                                                (what learning found after it, such as accesses that were denied)
              Prints '- RULE' for a rule only the older side has and '+ RULE' for one only the newer side has; the
              profile line (name and flags) is left out. Exit 0 when they
              allow the same, 1 when they differ.
              """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Input, ExitCodes.Cluster],
        };
        command.Arguments.Add(workload);
        command.Options.Add(container);
        command.Options.Add(against);
        cluster.AddTo(command);
        command.SetAction((result, cancellationToken) => ClusterAction.RunAsync(console, "diff", async () =>
        {
            var file = result.GetValue(against);
            string? saved = null;
            if (file is not null)
            {
                try
                {
                    saved = file == InputFiles.StandardInput
                        ? await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                        : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await console.Error.WriteLineAsync($"bifrost diff: cannot read {file}: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Input;
                }
            }

            using var client = cluster.Connect(result);
            var (ns, name) = WorkloadArgument.Resolve(result, workload, cluster, client);
            var profile = await client.GetProfileAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (ShowCommand.Choose(profile, result.GetValue(container)) is not { } chosen)
            {
                await console.Error.WriteLineAsync($"bifrost diff: {ShowCommand.NothingYet(profile)}").ConfigureAwait(false);
                return ExitCodes.Input;
            }

            var where = $"{ProfileView.Workload(profile)} in {ns}, container {chosen.Name}";

            string before, after, beforeName, afterName;
            if (saved is not null)
            {
                var mode = ProfileView.Enforces(profile) ? ProfileMode.Enforce : ProfileMode.Complain;
                var current = ProfileView.Current(chosen, mode);
                if (current is null)
                {
                    await console.Error.WriteLineAsync($"bifrost diff: {where} has no {mode.ToString().ToLowerInvariant()} profile yet").ConfigureAwait(false);
                    return ExitCodes.Input;
                }

                (before, beforeName, after, afterName) = (saved, file == InputFiles.StandardInput ? "stdin" : file!, current.Text, $"{current.Name} (now)");
            }
            else
            {
                if (ProfileView.Current(chosen, ProfileMode.Enforce) is not { } enforce || ProfileView.Current(chosen, ProfileMode.Complain) is not { } learning)
                {
                    await console.Error.WriteLineAsync($"bifrost diff: {where} is {profile.Status.Phase} and has no enforce revision yet; compare with a saved profile with --against").ConfigureAwait(false);
                    return ExitCodes.Input;
                }

                (before, beforeName, after, afterName) = (enforce.Text, $"{enforce.Name} (enforce)", learning.Text, $"{learning.Name} (learned so far)");
            }

            var lines = ProfileDiff.Compare(before, after);
            await console.Out.WriteLineAsync($"--- {beforeName}\n+++ {afterName}").ConfigureAwait(false);
            foreach (var line in lines)
                await console.Out.WriteLineAsync(line).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"{where}: {(lines.Count == 0 ? "the same rules" : $"{lines.Count(l => l[0] == '-')} rules removed, {lines.Count(l => l[0] == '+')} added")}").ConfigureAwait(false);
            return lines.Count == 0 ? ExitCodes.Success : ExitCodes.Finding;
        }));
        return command;
    }
}
