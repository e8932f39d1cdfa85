using System.CommandLine;
using System.CommandLine.Parsing;

namespace Bifrost.Cli.CommandLine;

/// <summary>
/// Writes a command line that did not parse as plain lines on standard error: each unknown option or extra argument
/// with what it was probably meant to be, each other problem named by its option, then where the usage is.
/// </summary>
internal static class ParseErrors
{
    public static async Task<int> WriteAsync(ParseResult result, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var prefix = Path(result.CommandResult);
        var lines = new List<string>();
        foreach (var token in result.UnmatchedTokens)
        {
            var what = token.Length > 1 && token.StartsWith('-') ? "unknown option"
                : command.Subcommands.Count > 0 && command.Arguments.Count == 0 ? "unknown command"
                : "unexpected argument";
            lines.Add($"{what} '{token}'{Suggestions.Phrase(token, command)}");
        }

        foreach (var problem in result.Errors.Where(e => !result.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal) && e.SymbolResult is null or CommandResult)))
            lines.Add(Plain(problem));

        foreach (var line in lines.Distinct())
            await error.WriteLineAsync($"{prefix}: {line}").ConfigureAwait(false);
        await error.WriteLineAsync($"See '{prefix} --help'.").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    /// <summary>The command as typed, e.g. <c>bifrost profile check</c>.</summary>
    public static string Path(CommandResult? result)
    {
        var names = new List<string>();
        for (var at = result; at is not null; at = at.Parent as CommandResult)
            names.Add(at.Parent is null ? "bifrost" : at.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Plain(ParseError problem)
    {
        var message = string.Join(' ', problem.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var option = problem.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        return option is null || message.Contains(option.Name, StringComparison.Ordinal) || option.Aliases.Any(a => message.Contains($"'{a}'", StringComparison.Ordinal))
            ? message
            : $"{option.Name}: {message}";
    }
}
