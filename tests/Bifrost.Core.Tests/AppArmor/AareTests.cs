using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class AareTests
{
    [Theory]
    [InlineData("/etc/passwd", "/etc/passwd")]
    [InlineData("/tmp/a*b?c", "/tmp/a\\*b\\?c")]
    [InlineData("/x/[a]{b}^!\"\\", "/x/\\[a\\]\\{b\\}\\^\\!\\\"\\\\")]
    public void Escape_Metacharacters_AreBackslashed(string literal, string expected) =>
        Assert.Equal(expected, Aare.Escape(literal));

    [Theory]
    [InlineData("/etc/passwd", "/etc/passwd")]
    [InlineData("/tmp/with space", "\"/tmp/with space\"")]
    [InlineData("/tmp/com,ma", "\"/tmp/com,ma\"")]
    [InlineData("/tmp/hash#x", "\"/tmp/hash#x\"")]
    [InlineData("/tmp/nl\nx", "\"/tmp/nl\\012x\"")]
    [InlineData("/tmp/ü", "/tmp/ü")]
    [InlineData("/x\\y", "/x\\y")]
    [InlineData("/x\\\\", "\"/x\\134\"")]
    [InlineData("/a b\\\\c\\*", "\"/a b\\134c\\*\"")]
    public void ToRuleToken_OddCharacters_AreQuotedSafely(string pattern, string expected) =>
        Assert.Equal(expected, Aare.ToRuleToken(pattern));

    [RequiresTheory("apparmor_parser")]
    [InlineData("/x1WT^\\")]
    [InlineData("/a\\b\\")]
    [InlineData("/ends/with/backslash\\")]
    public void Generate_PathEndingInABackslash_CompilesWithTheRealParser(string path)
    {
        // The quoted rule after it once read as part of the same string.
        var profile = ProfileGenerator.Generate(
            [
                new Observations.FileObservation { Container = "app", Path = path, Access = Observations.AccessMask.Read },
                new Observations.FileObservation { Container = "app", Path = path + "x y", Access = Observations.AccessMask.Read },
            ],
            new ProfileGeneratorOptions { Name = "bifrost_backslash", Mode = ProfileMode.Enforce });

        ApparmorParser.AssertCompiles(profile.Text);
    }

    [Theory]
    [InlineData("/x\\134", "/x\\\\")]
    [InlineData("/x\\052", "/x\\*")]
    [InlineData("/x\\x41", "/xA")]
    public void Unquote_OctalOrHexEscape_IsALiteralCharacter(string quotedBody, string pattern) =>
        Assert.Equal(pattern, Aare.Unquote(quotedBody));

    [Theory]
    [InlineData("/tmp/nl\nx\ty\u007f")]
    [InlineData("/tmp/sp ace,c#d")]
    public void Unquote_OfRuleToken_RoundTrips(string pattern)
    {
        var token = Aare.ToRuleToken(pattern);
        Assert.Equal(pattern, Aare.Unquote(token[1..^1]));
    }

    [Fact]
    public void Unquote_EscapedQuote_BecomesLiteralQuote() =>
        Assert.Equal("/tmp/q\"uote", Aare.Unquote("/tmp/q\\\"uote"));

    [Theory]
    [InlineData("/etc/passwd", false)]
    [InlineData("/tmp/a\\*b", false)]
    [InlineData("/tmp/*", true)]
    [InlineData("/proc/@{pid}/stat", true)]
    [InlineData("/a/{b,c}", true)]
    public void IsGlob_DistinguishesLiteralsFromPatterns(string pattern, bool expected) =>
        Assert.Equal(expected, Aare.IsGlob(pattern));
}
