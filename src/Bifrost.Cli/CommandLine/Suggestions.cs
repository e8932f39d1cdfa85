using System.CommandLine;

namespace Bifrost.Cli.CommandLine;

/// <summary>What a mistyped option or command was probably meant to be: the names within a small edit distance.</summary>
internal static class Suggestions
{
    public static IReadOnlyList<string> For(string token, Command command)
    {
        var names = token.StartsWith('-')
            ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-') && n != "-?")
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        var bare = token.Split('=', 2)[0];
        var limit = Math.Max(1, bare.TrimStart('-').Length / 3);
        return [.. names.Where(n => n.Length > 2 || !token.StartsWith("--", StringComparison.Ordinal))
            .Select(n => (Name: n, Distance: Distance(bare, n)))
            .Where(c => c.Distance <= limit || (bare.Length > 3 && c.Name.StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .Take(3)];
    }

    /// <summary>"; did you mean '--name'?" for <paramref name="token"/>, or "" when nothing is close.</summary>
    public static string Phrase(string token, Command command) =>
        For(token, command) is { Count: > 0 } names ? $"; did you mean {string.Join(" or ", names.Select(n => $"'{n}'"))}?" : "";

    /// <summary>Levenshtein distance, with a swap of two neighbours counting as one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
