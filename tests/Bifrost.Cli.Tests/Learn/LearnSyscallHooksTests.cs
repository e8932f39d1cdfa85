using Bifrost.Cli.Learn;

namespace Bifrost.Cli.Tests.Learn;

public sealed class LearnSyscallHooksTests
{
    [Fact]
    public void Parse_NoSyscallHooks_UsesTheRawHooks()
    {
        var options = LearnCommandLine.Parse(["--format", "observations"]);

        Assert.False(options.Trace.PerSyscallTracepoints);
    }

    [Theory]
    [InlineData("raw", false)]
    [InlineData("tracepoints", true)]
    public void Parse_SyscallHooks_ChoosesPerSyscallTracepointsOrRaw(string value, bool perSyscall)
    {
        var options = LearnCommandLine.Parse(["--syscall-hooks", value, "--ring-bytes", "8192"]);

        Assert.Equal(perSyscall, options.Trace.PerSyscallTracepoints);
        Assert.Equal(8192, options.Trace.RingBufferBytes);
    }

    [Fact]
    public async Task Learn_UnknownSyscallHooks_IsAUsageErrorBeforeAnythingRuns()
    {
        var run = await CliRunner.RunAsync("", "learn", "--syscall-hooks", "kprobes", "--", "/bin/true");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("kprobes", run.Error, StringComparison.Ordinal);
    }
}
