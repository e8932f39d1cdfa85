using System.Text;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Splits profile text into tokens the way apparmor_parser reads it: '#' comments (but <c>#include</c>), quoted strings
/// with escapes, words that keep AARE escapes and <c>{a,b}</c> groups, and a ',' that ends a rule only where it
/// cannot be part of a path.
/// </summary>
internal static class ProfileLexer
{
    public static List<ProfileToken> Tokenize(string text)
    {
        var tokens = new List<ProfileToken>();
        var line = 1;
        var parens = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' && !text.AsSpan(i).StartsWith("#include", StringComparison.Ordinal))
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
            }
            else if (c == '"')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\')
                        i++;
                    else if (text[i] == '\n')
                        line++;
                    i++;
                }
                if (i >= text.Length)
                    throw new FormatException($"line {line}: unterminated quoted string");
                tokens.Add(new(ProfileTokenKind.Quoted, Aare.Unquote(text[start..i]), line));
                i++;
            }
            else if (c == ',')
            {
                tokens.Add(new(ProfileTokenKind.Comma, ",", line));
                i++;
            }
            else if (c == '(')
            {
                parens++;
                tokens.Add(new(ProfileTokenKind.OpenParen, "(", line));
                i++;
            }
            else if (c == ')')
            {
                parens = Math.Max(0, parens - 1);
                tokens.Add(new(ProfileTokenKind.CloseParen, ")", line));
                i++;
            }
            else if (c == '{' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                tokens.Add(new(ProfileTokenKind.OpenBlock, "{", line));
                i++;
            }
            else if (c == '}')
            {
                tokens.Add(new(ProfileTokenKind.CloseBlock, "}", line));
                i++;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '>')
            {
                tokens.Add(new(ProfileTokenKind.Arrow, "->", line));
                i += 2;
            }
            else
            {
                i = ReadWord(text, i, parens > 0, out var word);
                tokens.Add(new(ProfileTokenKind.Word, word, line));
            }
        }
        return tokens;
    }

    private static int ReadWord(string text, int i, bool inParens, out string word)
    {
        var builder = new StringBuilder();
        var braces = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsWhiteSpace(c) || c is '(' or ')' or '"')
                break;
            if (c == '{')
                braces++;
            else if (c == '}')
            {
                if (braces == 0)
                    break;
                braces--;
            }
            else if (c == ',' && braces == 0 && (inParens || EndsRule(text, i + 1)))
                break;
            builder.Append(c);
        }
        word = builder.ToString();
        return i;
    }

    private static bool EndsRule(string text, int next) =>
        next >= text.Length || char.IsWhiteSpace(text[next]) || text[next] is '}' or '#' or ',' or ')';
}
