using System.Text;
using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Compiles AARE (variables already expanded) to a .NET regular expression with AppArmor's meaning:
/// <c>*</c> and <c>?</c> stay within one path component, <c>**</c> crosses '/', <c>[a-c]</c> and <c>[^a-c]</c>,
/// nested <c>{a,b}</c> alternations, backslash escapes, repeated '/' collapsed, and a whole-component <c>/dir/*</c> or
/// <c>/dir/**</c> never matching <c>/dir/</c> itself.
/// </summary>
public static class AareGlob
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.ExplicitCapture;

    /// <summary>A regex matching exactly the paths any of <paramref name="patterns"/> matches.</summary>
    public static Regex Compile(IEnumerable<string> patterns, bool nonBacktracking = false)
    {
        var body = string.Join('|', patterns.Select(ToRegex));
        return new Regex($"^(?:{body})$", nonBacktracking ? Options | RegexOptions.NonBacktracking : Options);
    }

    /// <summary>The regex body (unanchored) for one AARE pattern.</summary>
    /// <exception cref="FormatException">Unbalanced brackets or braces.</exception>
    public static string ToRegex(string pattern)
    {
        var regex = new StringBuilder(pattern.Length * 2);
        var braces = 0;
        var lastWasSlash = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var slash = false;
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    slash = pattern[i] == '/';
                    if (!(slash && lastWasSlash))
                        regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    while (i + 1 < pattern.Length && pattern[i + 1] == '*')
                        i++;
                    regex.Append(lastWasSlash && EndsComponent(pattern, i + 1) ? "[^/\\x00][^\\x00]*" : "[^\\x00]*");
                    break;
                case '*':
                    regex.Append(lastWasSlash && EndsComponent(pattern, i + 1) ? "[^/\\x00]+" : "[^/\\x00]*");
                    break;
                case '?':
                    regex.Append("[^/\\x00]");
                    break;
                case '[':
                    i = AppendClass(pattern, i, regex);
                    break;
                case '{':
                    braces++;
                    regex.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    regex.Append(')');
                    break;
                case ',' when braces > 0:
                    regex.Append('|');
                    break;
                case '/':
                    slash = true;
                    if (!lastWasSlash)
                        regex.Append('/');
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
            lastWasSlash = slash;
        }
        if (braces != 0)
            throw new FormatException($"unbalanced '{{' in '{pattern}'");
        return regex.ToString();
    }

    /// <summary>A glob that is a whole component (<c>/dir/*</c>, <c>/dir/*/x</c>) must match at least one character.</summary>
    private static bool EndsComponent(string pattern, int next) =>
        next >= pattern.Length || pattern[next] is '/' or '}' or ',';

    private static int AppendClass(string pattern, int start, StringBuilder regex)
    {
        var i = start + 1;
        regex.Append('[');
        if (i < pattern.Length && pattern[i] == '^')
        {
            regex.Append("^/\\x00");
            i++;
        }
        var first = true;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']' && !first)
            {
                regex.Append(']');
                return i;
            }
            first = false;
            if (c == '\\' && i + 1 < pattern.Length)
                c = pattern[++i];
            else if (c == '-' && regex[^1] != '[' && i + 1 < pattern.Length && pattern[i + 1] != ']')
            {
                regex.Append('-');
                continue;
            }
            regex.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
        }
        throw new FormatException($"unterminated '[' in '{pattern}'");
    }
}
