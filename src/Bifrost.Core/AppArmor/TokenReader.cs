namespace Bifrost.Core.AppArmor;

/// <summary>A cursor over profile tokens with the few look-ahead helpers the parser needs.</summary>
internal sealed class TokenReader(List<ProfileToken> tokens)
{
    private int position;

    public bool AtEnd => position >= tokens.Count;

    public ProfileToken Peek(int ahead = 0) =>
        position + ahead < tokens.Count ? tokens[position + ahead] : new(ProfileTokenKind.Comma, "", -1);

    public ProfileToken Next() =>
        !AtEnd ? tokens[position++] : throw new FormatException("profile ends in the middle of a rule");

    public void SkipPast(ProfileTokenKind kind)
    {
        while (!AtEnd && Next().Kind != kind)
        {
        }
    }

    /// <summary>Skips to the '}' that closes a block whose '{' was just read.</summary>
    public void SkipBlock()
    {
        var depth = 1;
        while (depth > 0)
        {
            var token = Next();
            if (token.Kind == ProfileTokenKind.OpenBlock)
                depth++;
            else if (token.Kind == ProfileTokenKind.CloseBlock)
                depth--;
        }
    }

    /// <summary>Reads <c>( a, b c )</c> after the current position and returns the values.</summary>
    public List<string> ReadParenList()
    {
        Next();
        return [.. ReadUntilCloseParen().Where(t => t.IsValue).Select(t => t.Text)];
    }

    /// <summary>Every token up to and including the ')' matching an already read '('.</summary>
    public List<ProfileToken> ReadUntilCloseParen()
    {
        var result = new List<ProfileToken>();
        var depth = 1;
        while (depth > 0)
        {
            var token = Next();
            if (token.Kind == ProfileTokenKind.OpenParen)
                depth++;
            else if (token.Kind == ProfileTokenKind.CloseParen)
                depth--;
            result.Add(token);
        }
        return result;
    }
}
