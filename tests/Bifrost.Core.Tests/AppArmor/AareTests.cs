using Bifrost.Core.AppArmor;
using Xunit;

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
    public void ToRuleToken_OddCharacters_AreQuotedSafely(string pattern, string expected) =>
        Assert.Equal(expected, Aare.ToRuleToken(pattern));

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
