using System.Text.RegularExpressions;

namespace Bifrost.K3s.Tests.Image;

/// <summary>A <c>dotnet publish</c> command line, from the Dockerfile or from the Makefile's publish target.</summary>
internal sealed partial record PublishCommand(string Project, string Configuration, string? Output, IReadOnlyList<string> Words)
{
    public static PublishCommand Parse(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = words.IndexOf("publish");
        var configuration = words.IndexOf("-c");
        var output = words.IndexOf("-o");
        Assert.True(at >= 0 && at + 1 < words.Count && configuration > 0, $"not a dotnet publish of a project with -c: {command}");
        return new PublishCommand(words[at + 1].TrimEnd('/'), words[configuration + 1], output > 0 ? words[output + 1] : null, words);
    }

    /// <summary>The publishes of the Makefile's <c>publish</c> target, with <c>$(CONFIGURATION)</c> at its default.</summary>
    public static IReadOnlyList<PublishCommand> FromMakefile()
    {
        var makefile = File.ReadAllLines(Repository.Path("Makefile"));
        var target = Array.IndexOf(makefile, "publish:");
        Assert.True(target >= 0, "the Makefile has no publish target");
        var configuration = MakefileConfiguration;
        return [.. makefile.Skip(target + 1)
            .TakeWhile(l => l.StartsWith('\t'))
            .Select(l => l.Trim().Replace("$(DOTNET)", "dotnet", StringComparison.Ordinal).Replace("$(CONFIGURATION)", configuration, StringComparison.Ordinal))
            .Where(l => l.StartsWith("dotnet publish ", StringComparison.Ordinal))
            .Select(Parse)];
    }

    public static string MakefileConfiguration =>
        File.ReadAllLines(Repository.Path("Makefile")).Select(l => ConfigurationDefault().Match(l)).First(m => m.Success).Groups[1].Value;

    [GeneratedRegex(@"^CONFIGURATION\s*\?=\s*(\S+)")]
    private static partial Regex ConfigurationDefault();
}
