using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost profile generate</c> prints a profile for observations; <c>bifrost profile check</c> replays
/// observations against a profile and prints what it would deny. Exit codes: 0 fine, 1 denials, 2 bad usage or input.
/// </summary>
internal sealed class ProfileCommand : ICommand
{
    public const string Usage = """
        usage: bifrost profile generate -f OBSERVATIONS.json [--mode complain|enforce] [--name NAME] [--container C] [--base builtin|system]
               bifrost profile check --profile PROFILE --observations OBSERVATIONS.json [--container C] [--not-owner]
        OBSERVATIONS.json is a JSON array of observations ('-' reads standard input).
        """;

    public string Name => "profile";

    public string Summary => "generate an AppArmor profile from observations, or check observations against a profile";

    public string Help => Usage + "\n";

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        Task.FromResult(Run([.. args], console.In, console.Out, console.Error));

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            var options = CommandOptions.Parse(args.Length > 1 ? args[1..] : []);
            return args.FirstOrDefault() switch
            {
                "generate" => Generate(options, input, output, error),
                "check" => Check(options, input, output, error),
                _ => Fail(error, Usage),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or IOException or UnauthorizedAccessException)
        {
            return Fail(error, $"bifrost profile: {e.Message}");
        }
    }

    private static int Generate(CommandOptions options, TextReader input, TextWriter output, TextWriter error)
    {
        var observations = ReadObservations(options.Required("-f", "--file"), options.Get("--container"), input);
        var mode = options.Get("--mode") switch
        {
            null or "complain" => ProfileMode.Complain,
            "enforce" => ProfileMode.Enforce,
            var other => throw new ArgumentException($"--mode must be complain or enforce, not '{other}'"),
        };
        var baseAbstraction = options.Get("--base") switch
        {
            null or "builtin" => BaseAbstraction.BuiltIn,
            "system" => BaseAbstraction.System,
            var other => throw new ArgumentException($"--base must be builtin or system, not '{other}'"),
        };
        var name = options.Get("--name") ?? "bifrost_" + (options.Get("--container") ?? "local");
        var profile = ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = name, Mode = mode, Base = baseAbstraction });
        output.Write(profile.Text);
        foreach (var warning in profile.Warnings)
            error.WriteLine($"warning: {warning}");
        return 0;
    }

    private static int Check(CommandOptions options, TextReader input, TextWriter output, TextWriter error)
    {
        var profilePath = options.Required("--profile");
        var observations = ReadObservations(options.Required("--observations"), options.Get("--container"), input);
        var parsed = new ProfileParser(IncludeResolver.System).Parse(File.ReadAllText(profilePath), Path.GetFullPath(profilePath), options.Get("--name"));
        foreach (var warning in parsed.Warnings)
            error.WriteLine($"warning: {warning}");
        var denials = ProfileChecker.Check(CompiledProfile.Compile(parsed), observations, assumeOwner: !options.Has("--not-owner"));
        foreach (var denial in denials)
            output.WriteLine($"DENIED {denial}");
        error.WriteLine($"{observations.Count} observation(s) checked against {parsed.Name}: {denials.Count} denied access(es)");
        return denials.Count == 0 ? 0 : 1;
    }

    private static List<Observation> ReadObservations(string path, string? container, TextReader input)
    {
        var json = path == "-" ? input.ReadToEnd() : File.ReadAllText(path);
        var observations = ObservationJson.Deserialize(json);
        return [.. observations.Where(o => container is null || o.Container == container)];
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }
}
