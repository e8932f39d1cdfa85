using Bifrost.Core;

namespace Bifrost.Cli.Tests.Commands;

public sealed class VersionTests
{
    [Fact]
    public async Task Version_PrintsTheVersionEveryAssemblyCarries()
    {
        // The built program, as a person runs it, so the check holds whatever parses the command line.
        var run = await Processes.RunAsync("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "bifrost.dll"), "--version"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(BifrostVersion.ImageTag, run.Stdout, StringComparison.Ordinal);
    }
}
