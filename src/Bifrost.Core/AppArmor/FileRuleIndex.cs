using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// File rules compiled for matching: rules with the same permissions, exec mode and qualifiers share one regex,
/// so a path is tested against a handful of automata rather than every rule.
/// </summary>
public sealed class FileRuleIndex
{
    private readonly List<Group> groups = [];

    public FileRuleIndex(IEnumerable<FileRule> rules, AareVariables variables, bool nonBacktracking)
    {
        foreach (var group in rules.GroupBy(r => (r.Deny, r.Owner, r.Permissions, r.ExecMode)).OrderBy(g => g.Key.Deny))
        {
            var patterns = group.SelectMany(r => variables.Expand(r.Path)).Distinct(StringComparer.Ordinal);
            groups.Add(new Group(AareGlob.Compile(patterns, nonBacktracking), group.Key.Deny, group.Key.Owner, group.Key.Permissions, group.Key.ExecMode));
        }
    }

    /// <summary>Evaluates <paramref name="kernelPath"/>; <c>owner</c> rules count only when <paramref name="assumeOwner"/>.</summary>
    public FileDecision Evaluate(string kernelPath, bool assumeOwner)
    {
        var allowed = FilePermissions.None;
        var denied = FilePermissions.None;
        List<string>? execModes = null;
        foreach (var group in groups)
        {
            if (group.Owner && !assumeOwner && !group.Deny)
                continue;
            if (!group.Regex.IsMatch(kernelPath))
                continue;
            if (group.Deny)
            {
                denied |= group.Permissions;
                continue;
            }
            allowed |= group.Permissions;
            if (group.ExecMode is { } mode && !(execModes ??= []).Contains(mode))
                execModes.Add(mode);
        }
        return new FileDecision(allowed, denied, execModes ?? []);
    }

    private sealed record Group(Regex Regex, bool Deny, bool Owner, FilePermissions Permissions, string? ExecMode);
}
