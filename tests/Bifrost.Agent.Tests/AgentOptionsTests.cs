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

    [Fact]
    public void Validate_ReportEndpoint_MustBeHttpsAndNameTheAgentsPod()
    {
        var anonymous = new AgentOptions { NodeName = "n", ReportEndpoint = "https://bifrost-webhook.bifrost-system.svc" };
        var complete = anonymous with { PodNamespace = "bifrost-system", PodName = "bifrost-agent-x7k2p", PodUid = "uid" };
        var plain = complete with { ReportEndpoint = "http://bifrost-webhook.bifrost-system.svc" };

        Assert.Contains("Bifrost:Agent:ReportEndpoint must be an https URL", Assert.Single(plain.Validate()), StringComparison.Ordinal);
        Assert.Contains("Bifrost:Agent:PodNamespace, PodName and PodUid", Assert.Single(anonymous.Validate()), StringComparison.Ordinal);
        Assert.Empty(complete.Validate());
    }

    [Fact]
    public void Validate_LocalMode_NeedsEveryPathAbsoluteAndASanePollInterval()
    {
        var local = new AgentLocalOptions { ProfilesDirectory = "/var/lib/bifrost/profiles", PodsDirectory = "/var/lib/bifrost/pods", NodeStatusFile = "/var/lib/bifrost/node.json" };
        var options = new AgentOptions { NodeName = "n", Local = local };

        Assert.True(local.Enabled);
        Assert.False(new AgentLocalOptions().Enabled);
        Assert.Empty(options.Validate());

        var partial = options with { Local = local with { PodsDirectory = "", NodeStatusFile = "relative/node.json" } };
        var errors = string.Join('\n', partial.Validate());
        Assert.Contains("Bifrost:Agent:Local:PodsDirectory", errors, StringComparison.Ordinal);
        Assert.Contains("Bifrost:Agent:Local:NodeStatusFile", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Bifrost:Agent:Local:ProfilesDirectory", errors, StringComparison.Ordinal);

        var tooFast = options with { Local = local with { PollInterval = TimeSpan.FromMilliseconds(1) } };
        Assert.Contains("Bifrost:Agent:Local:PollInterval", Assert.Single(tooFast.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CaFileAndIncludeDirectoryThatDoNotExist_NameTheSettingAndThePath()
    {
        var options = new AgentOptions { NodeName = "n", CaFile = "/nonexistent/bifrost/ca.crt", IncludeDirectories = ["/nonexistent/bifrost/abstractions"] };

        var errors = options.Validate().ToList();

        Assert.Contains("Bifrost:Agent:CaFile: /nonexistent/bifrost/ca.crt does not exist.", errors);
        Assert.Contains("Bifrost:Agent:IncludeDirectories: directory /nonexistent/bifrost/abstractions does not exist.", errors);
    }
}
