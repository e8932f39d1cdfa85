namespace Bifrost.Core.AppArmor;

/// <summary>One lexical token of a profile: a word, a quoted string (escapes already processed) or punctuation.</summary>
internal readonly record struct ProfileToken(ProfileTokenKind Kind, string Text, int Line)
{
    public bool IsWord(string text) => Kind == ProfileTokenKind.Word && Text == text;

    /// <summary>Words and quoted strings both carry a value; punctuation does not.</summary>
    public bool IsValue => Kind is ProfileTokenKind.Word or ProfileTokenKind.Quoted;

    public override string ToString() => Kind switch
    {
        ProfileTokenKind.Quoted => Aare.ToRuleToken(Text),
        ProfileTokenKind.Word => Text,
        _ => Text,
    };
}

internal enum ProfileTokenKind
{
    Word,
    Quoted,
    Comma,
    OpenParen,
    CloseParen,
    OpenBlock,
    CloseBlock,
    Arrow,
}
