using Xunit;

namespace Bifrost.Agent.Tests;

public sealed class AgentOptionsTests
{
    [Fact]
    public void Validate_Defaults_OnlyAskForTheNodeName()
    {
        var error = Assert.Single(new AgentOptions().Validate());

        Assert.Contains("Bifrost:Agent:NodeName", error, StringComparison.Ordinal);
        Assert.Empty((new AgentOptions() with { NodeName = "n" }).Validate());
    }

    [Fact]
    public void Validate_BadSettings_NameEachSetting()
    {
        var options = new AgentOptions { NodeName = "n", ProfileDirectory = "relative", ParserConcurrency = 0, HealthPort = 0 };

        var errors = string.Join('\n', options.Validate());

        Assert.Contains("Bifrost:Agent:ProfileDirectory", errors, StringComparison.Ordinal);
        Assert.Contains("Bifrost:Agent:ParserConcurrency", errors, StringComparison.Ordinal);
        Assert.Contains("Bifrost:Agent:HealthPort", errors, StringComparison.Ordinal);
    }
}
