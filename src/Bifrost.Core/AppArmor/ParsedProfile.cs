namespace Bifrost.Core.AppArmor;

/// <summary>A profile read from text with its includes resolved: every rule it grants or denies, and the variables in scope.</summary>
public sealed class ParsedProfile
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Flags { get; init; }

    public required IReadOnlyList<ProfileRule> Rules { get; init; }

    public required AareVariables Variables { get; init; }

    /// <summary>What the parser skipped or could not resolve: rule kinds it does not check, missing includes.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public bool IsComplain => Flags.Contains("complain", StringComparer.Ordinal);
}
