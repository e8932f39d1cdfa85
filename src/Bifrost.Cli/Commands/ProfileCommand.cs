using System.CommandLine;
using System.Text.Json;
using Bifrost.Cli.CommandLine;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost profile generate</c> prints a profile for observations; <c>bifrost profile check</c> replays
/// observations against a profile and prints what it would deny.
/// </summary>
internal sealed class ProfileCommand : ICommand
{
    private static readonly string[] ObservationExtensions = [".json"];

    public Command Create(CliConsole console)
    {
        var profile = new BifrostCommand("profile", "Generate an AppArmor profile from observations, or check observations against a profile");
        profile.Subcommands.Add(Generate(console));
        profile.Subcommands.Add(Check(console));
        // 'bifrost profile' alone: the two subcommands on standard error, as a usage error.
        profile.SetAction(async (result, cancellationToken) =>
        {
            await console.Error.WriteLineAsync("bifrost profile: say 'generate' or 'check'\nSee 'bifrost profile --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        });
        return profile;
    }

    private static BifrostCommand Generate(CliConsole console)
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "observations: a JSON array of them, a directory (its *.json files, sorted) or '-' for standard input; repeatable",
            HelpName = "FILE|DIR",
            Required = true,
        };
        var mode = new Option<string>("--mode") { Description = "the profile's mode", HelpName = "complain|enforce", DefaultValueFactory = _ => "complain" };
        mode.AcceptOnlyFromAmong("complain", "enforce");
        var name = new Option<string>("--name") { Description = "the profile's name (default: bifrost_<container>, else bifrost_local)", HelpName = "NAME" };
        var container = new Option<string>("--container") { Description = "only this container's observations", HelpName = "NAME" };
        var @base = new Option<string>("--base") { Description = "what the base abstraction is taken to allow: Bifrost's built-in copy or this machine's", HelpName = "builtin|system", DefaultValueFactory = _ => "builtin" };
        @base.AcceptOnlyFromAmong("builtin", "system");

        var command = new BifrostCommand("generate", "Print the AppArmor profile that allows what the observations did; warnings go to standard error")
        {
            files, mode, name, container, @base,
        };
        command.ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Input];
        command.SetAction(result => Run(console, () =>
        {
            var observations = ReadObservations(InputFiles.Expand(result.GetValue(files) ?? [], ObservationExtensions), result.GetValue(container), console.In);
            var generated = ProfileGenerator.Generate(observations, new ProfileGeneratorOptions
            {
                Name = result.GetValue(name) ?? "bifrost_" + (result.GetValue(container) ?? "local"),
                Mode = result.GetValue(mode) == "enforce" ? ProfileMode.Enforce : ProfileMode.Complain,
                Base = result.GetValue(@base) == "system" ? BaseAbstraction.System : BaseAbstraction.BuiltIn,
            });
            console.Out.Write(generated.Text);
            foreach (var warning in generated.Warnings)
                console.Error.WriteLine($"warning: {warning}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static BifrostCommand Check(CliConsole console)
    {
        var profilePath = new Option<string>("--profile") { Description = "the AppArmor profile (its includes are read from /etc/apparmor.d, else built-in copies)", HelpName = "PROFILE", Required = true };
        var observationsPath = new Option<string>("--observations") { Description = "a JSON array of observations; '-' reads standard input", HelpName = "FILE", Required = true };
        var container = new Option<string>("--container") { Description = "only this container's observations", HelpName = "NAME" };
        var name = new Option<string>("--name") { Description = "the profile to check when the file holds several", HelpName = "NAME" };
        var notOwner = new Option<bool>("--not-owner") { Description = "do not assume the process owns the files it touched (owner rules then do not match)", Arity = ArgumentArity.Zero };

        var command = new BifrostCommand("check", "Replay observations against a profile and print a DENIED line for each access it would refuse")
        {
            profilePath, observationsPath, container, name, notOwner,
        };
        command.ExitCodes = [ExitCodes.Success, ExitCodes.Finding, ExitCodes.Usage, ExitCodes.Input];
        command.SetAction(result => Run(console, () =>
        {
            var path = result.GetRequiredValue(profilePath);
            var observations = ReadObservations([result.GetRequiredValue(observationsPath)], result.GetValue(container), console.In);
            var parsed = new ProfileParser(IncludeResolver.System).Parse(File.ReadAllText(path), Path.GetFullPath(path), result.GetValue(name));
            foreach (var warning in parsed.Warnings)
                console.Error.WriteLine($"warning: {warning}");
            var denials = ProfileChecker.Check(CompiledProfile.Compile(parsed), observations, assumeOwner: !result.GetValue(notOwner));
            foreach (var denial in denials)
                console.Out.WriteLine($"DENIED {denial}");
            console.Error.WriteLine($"{observations.Count} observation(s) checked against {parsed.Name}: {denials.Count} denied access(es)");
            return denials.Count == 0 ? ExitCodes.Success : ExitCodes.Finding;
        }));
        return command;
    }

    /// <summary>Runs a subcommand; an input that cannot be read or parsed is one line on standard error.</summary>
    private static int Run(CliConsole console, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is FormatException or JsonException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            console.Error.WriteLine($"bifrost profile: {e.Message}");
            return ExitCodes.Input;
        }
    }

    private static List<Observation> ReadObservations(IReadOnlyList<string> paths, string? container, TextReader input)
    {
        var observations = new List<Observation>();
        foreach (var path in paths)
        {
            var json = path == InputFiles.StandardInput ? input.ReadToEnd() : File.ReadAllText(path);
            try
            {
                observations.AddRange(ObservationJson.Deserialize(json).Where(o => container is null || o.Container == container));
            }
            catch (JsonException e)
            {
                throw new JsonException($"{(path == InputFiles.StandardInput ? "stdin" : path)}: {JsonErrors.Plain(e)}", e);
            }
        }

        return observations;
    }
}
