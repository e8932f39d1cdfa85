using System.Diagnostics;

namespace Bifrost.Cli.Tests.Commands;

public sealed class BifrostCliTests
{
    [Fact]
    public async Task Run_NoArguments_ExitsTwoListingCommands()
    {
        var run = await CliRunner.RunAsync("");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  inject", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        var run = await CliRunner.RunAsync("", "explode");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command 'explode'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help", "inject")]
    [InlineData("inject", "--help")]
    public async Task Run_Help_PrintsToStandardOutputAndExitsZero(params string[] args)
    {
        var run = await CliRunner.RunAsync("", args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:\n  0    success\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_Assembly_InjectsFromStandardInput()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "bifrost.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", assembly, "inject", "-f", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(SampleManifests.Pod);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await error);
        Assert.Contains("localhostProfile: bifrost_default_pod_tool_shell_learn", await output, StringComparison.Ordinal);
    }
}
