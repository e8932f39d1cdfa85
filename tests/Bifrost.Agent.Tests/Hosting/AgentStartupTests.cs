namespace Bifrost.Agent.Tests.Hosting;

/// <summary>The agent process with a broken setting: exit code 1 and one line naming the setting, never a stack trace.</summary>
public sealed class AgentStartupTests
{
    [Theory]
    [InlineData("--Bifrost:Agent:NodeName=", "Bifrost:Agent:NodeName must name this node")]
    [InlineData("--Bifrost:Agent:CaFile=/nonexistent/bifrost/ca.crt", "Bifrost:Agent:CaFile: /nonexistent/bifrost/ca.crt does not exist.")]
    [InlineData("--Bifrost:Agent:ParserTimeout=soon", "Bifrost:Agent:ParserTimeout: not a duration such as 00:00:30")]
    [InlineData("--Bifrost:Agent:HealthPort=web", "Bifrost:Agent:HealthPort: not a whole number")]
    [InlineData("--Bifrost:Agent:Local:PodsDirectory=pods", "Bifrost:Agent:Local:PodsDirectory must be an absolute path when local mode is on")]
    public async Task Process_BrokenSetting_ExitsWithOneLineNamingTheSetting(string setting, string message)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var agent = Path.Combine(AppContext.BaseDirectory, "Bifrost.Agent.dll");
        string[] arguments =
        [
            agent, "--Bifrost:Kubernetes:Enabled=false", "--Bifrost:Agent:NodeName=node-1", "--Bifrost:Agent:HealthPort=0",
            "--Logging:LogLevel:Default=Warning", setting,
        ];

        var result = await Processes.RunAsync(dotnet, arguments);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bifrost-agent: cannot start: " + message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }
}
