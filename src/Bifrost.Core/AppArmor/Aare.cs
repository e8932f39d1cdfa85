using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Turns literal paths into AppArmor regular expressions (AARE) and AARE into rule text the parser reads back intact.
/// </summary>
public static class Aare
{
    /// <summary>Characters AARE gives a meaning to; a literal path escapes each with a backslash.</summary>
    public const string Metacharacters = "\\*?[]{}^\"!";

    private static readonly SearchValues<char> MetacharacterValues = SearchValues.Create(Metacharacters);

    /// <summary>Escapes every AARE metacharacter so <paramref name="literal"/> matches only itself.</summary>
    public static string Escape(string literal)
    {
        if (literal.AsSpan().IndexOfAny(MetacharacterValues) < 0)
            return literal;
        var builder = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (MetacharacterValues.Contains(c))
                builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Whether the pattern has any unescaped glob or alternation, i.e. can match more than one path.</summary>
    public static bool IsGlob(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[' or '{':
                    return true;
                case '@' when i + 1 < pattern.Length && pattern[i + 1] == '{':
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Writes an AARE pattern as a rule token: bare when only harmless characters occur, otherwise double-quoted
    /// with control characters as octal escapes, so spaces, commas, '#' and newlines never break the rule.
    /// </summary>
    public static string ToRuleToken(string pattern)
    {
        // A bare token ending in an escaped backslash ("/x\\") is misread by apparmor_parser 3.0, so it is quoted.
        if (pattern.Length > 0 && pattern.All(IsBareSafe) && pattern[^1] != '\\')
            return pattern;
        var builder = new StringBuilder(pattern.Length + 8).Append('"');
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && (i + 1 == pattern.Length || pattern[i + 1] == '\\'))
            {
                // An escaped backslash as an octal escape: apparmor_parser 3.0 reads a quoted string ending in
                // "\\" as ending in an escaped quote and runs on into the next rule.
                builder.Append(@"\134");
                i++;
            }
            else if (c == '\\')
            {
                builder.Append(c).Append(pattern[++i]);
            }
            else if (c < 0x20 || c == 0x7f)
            {
                builder.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Reads a quoted rule token the way apparmor_parser does: \" \n \t \r \ooo \xHH become characters (literal ones:
    /// an escaped metacharacter stays escaped for AARE), other escapes stay for AARE.
    /// </summary>
    public static string Unquote(string quotedBody)
    {
        if (!quotedBody.Contains('\\', StringComparison.Ordinal))
            return quotedBody;
        var builder = new StringBuilder(quotedBody.Length);
        for (var i = 0; i < quotedBody.Length; i++)
        {
            var c = quotedBody[i];
            if (c != '\\' || i + 1 >= quotedBody.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = quotedBody[i + 1];
            switch (next)
            {
                case '"': builder.Append('"'); i++; break;
                case 'n': builder.Append('\n'); i++; break;
                case 't': builder.Append('\t'); i++; break;
                case 'r': builder.Append('\r'); i++; break;
                case >= '0' and <= '7':
                    var octal = TakeWhile(quotedBody, i + 1, 3, static ch => ch is >= '0' and <= '7');
                    AppendLiteral(builder, (char)Convert.ToInt32(octal, 8));
                    i += octal.Length;
                    break;
                case 'x' when i + 2 < quotedBody.Length && char.IsAsciiHexDigit(quotedBody[i + 2]):
                    var hex = TakeWhile(quotedBody, i + 2, 2, char.IsAsciiHexDigit);
                    AppendLiteral(builder, (char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += hex.Length + 1;
                    break;
                default:
                    builder.Append(c).Append(next);
                    i++;
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>A character written as an octal or hex escape is literal to apparmor_parser, even a metacharacter.</summary>
    private static void AppendLiteral(StringBuilder builder, char c)
    {
        if (MetacharacterValues.Contains(c))
            builder.Append('\\');
        builder.Append(c);
    }

    private static bool IsBareSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '~' or '%' or '=' or '@'
            or '\\' or '*' or '?' or '[' or ']' or '{' or '}' or '^' or '!' || (c > 0x7f && !char.IsWhiteSpace(c) && !char.IsControl(c));

    private static string TakeWhile(string text, int start, int max, Func<char, bool> predicate)
    {
        var end = start;
        while (end < text.Length && end - start < max && predicate(text[end]))
            end++;
        return text[start..end];
    }
}
