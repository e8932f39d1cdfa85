namespace Bifrost.Core.Tests.Support;

/// <summary>The shared skip logic: the first missing requirement wins, then missing tools, all named in one line.</summary>
public sealed class RequirementsTests
{
    [Fact]
    public void Problem_MissingRequirement_IsTheReasonAndComesBeforeTools() =>
        Assert.Equal("the moon is not up", Requirements.Problem([typeof(Met), typeof(NotMet)], ["no-such-tool-bifrost"]));

    [Fact]
    public void Problem_MissingTools_AreNamedTogether() =>
        Assert.Equal("needs no-such-tool-a, no-such-tool-b on PATH (tests/tools/install-deps.sh installs it)",
            Requirements.Problem([typeof(Met)], ["sh", "no-such-tool-a", "no-such-tool-b"]));

    [Fact]
    public void Problem_EverythingHere_IsNull() => Assert.Null(Requirements.Problem([typeof(Met)], ["sh"]));

    [Fact]
    public void Problem_TypeThatIsNoRequirement_Throws() =>
        Assert.Throws<ArgumentException>(() => Requirements.Problem([typeof(string)], []));

    [Fact]
    public void RequiresFact_SkipSetByHand_WinsOverTheCheck() =>
        Assert.Equal("by hand", new RequiresFactAttribute(typeof(NotMet)) { Skip = "by hand" }.Skip);

    [Fact]
    public void RequiresFact_MissingRequirement_Skips() =>
        Assert.Equal("the moon is not up", new RequiresFactAttribute(typeof(NotMet)).Skip);

    private sealed class Met : IRequirement
    {
        public string? Problem => null;
    }

    private sealed class NotMet : IRequirement
    {
        public string? Problem => "the moon is not up";
    }
}
