namespace Bifrost.Cli.Cluster;

/// <summary>
/// The rules one AppArmor profile has and another lacks, line by line: AppArmor rules do not depend on their order, so
/// a set difference says what a change allows or takes away. The <c>profile NAME flags=(...)</c> line is left out: an
/// enforce profile's name carries its content hash, and the learning profile differs from it only by <c>complain</c>.
/// </summary>
internal static class ProfileDiff
{
    public static IReadOnlyList<string> Compare(string before, string after)
    {
        var old = Rules(before);
        var @new = Rules(after);
        return [.. old.Where(l => !@new.Contains(l)).Select(l => "- " + l), .. @new.Where(l => !old.Contains(l)).Select(l => "+ " + l)];
    }

    private static List<string> Rules(string text) => [.. text
        .Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && l != "}" && !l.StartsWith("profile ", StringComparison.Ordinal))
        .Distinct()];
}
