using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bifrost.Kubernetes;

/// <summary>Turns a start-up exception into the messages a person needs: each names the setting at fault. Shared by every host.</summary>
public static partial class StartupErrors
{
    public static IEnumerable<string> Describe(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Describe),
        OptionsValidationException validation => validation.Failures,
        InvalidOperationException binding when Unconvertible().Match(binding.Message) is { Success: true } match =>
            [$"{match.Groups["setting"].Value}: not a {Friendly(match.Groups["type"].Value)}{(binding.InnerException is { } inner ? $" ({inner.Message})" : "")}"],
        _ => [error.Message],
    };

    private static string Friendly(string type) => type switch
    {
        "System.Boolean" => "boolean (true or false)",
        "System.TimeSpan" => "duration such as 00:00:30",
        "System.Int32" or "System.Int64" => "whole number",
        _ => type,
    };

    // The configuration binder's message for a value it cannot convert.
    [GeneratedRegex("^Failed to convert configuration value(?: '[^']*')? at '(?<setting>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex Unconvertible();
}
