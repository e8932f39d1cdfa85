using System.Text;
using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// The created-file-number rule: a file the workload created with a number in its name (a pid, a counter:
/// <c>temp-1234.rdb</c>, <c>access.log.3</c>) gets another number next run, so each digit run in the name becomes
/// <c>[0-9]*</c>. Only the last component and only names no other rule rewrote.
/// </summary>
internal static partial class NumberedNames
{
    public static string Generalise(string kernelPath, string pattern)
    {
        var name = kernelPath[(kernelPath.LastIndexOf('/') + 1)..];
        var escaped = Aare.Escape(name);
        if (name.Length == 0 || !name.Any(char.IsAsciiDigit) || !pattern.EndsWith("/" + escaped, StringComparison.Ordinal))
            return pattern;

        var builder = new StringBuilder(pattern, 0, pattern.Length - escaped.Length, pattern.Length + 8);
        foreach (var part in Digits().Split(name))
        {
            if (part.Length > 0)
                builder.Append(char.IsAsciiDigit(part[0]) ? "[0-9]*" : Aare.Escape(part));
        }
        return builder.ToString();
    }

    [GeneratedRegex("([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
