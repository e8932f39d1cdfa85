using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

public sealed class JsonPatchTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("bifrost.io/status", "bifrost.io~1status")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/", "~0~1")]
    [InlineData("/~1", "~1~01")]
    public void Escape_PointerToken_FollowsRfc6901(string token, string escaped)
    {
        Assert.Equal(escaped, JsonPatch.Escape(token));
    }
}
