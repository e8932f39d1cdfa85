using Bifrost.Cli.Learn;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Tests.Learn;

public sealed class LearnHooksOptionTests
{
    [Theory]
    [InlineData(new string[0], HookPath.Auto, false)]
    [InlineData(new[] { "--hooks", "auto" }, HookPath.Auto, false)]
    [InlineData(new[] { "--hooks", "lsm" }, HookPath.Lsm, false)]
    [InlineData(new[] { "--hooks", "raw" }, HookPath.Syscalls, false)]
    [InlineData(new[] { "--hooks", "tracepoints" }, HookPath.Syscalls, true)]
    public void Parse_Hooks_IsTheTracersHookPathAndItsSyscallHooks(string[] options, HookPath path, bool perSyscall)
    {
        var trace = LearnCommandLine.Parse([.. options, "--ring-bytes", "8192"]).Trace;

        Assert.Equal(path, trace.Hooks);
        Assert.Equal(perSyscall, trace.PerSyscallTracepoints);
        Assert.Equal(8192, trace.RingBufferBytes);
    }

    [Theory]
    [InlineData("kprobe")]
    [InlineData("syscalls")]
    public void Parse_UnknownHooks_IsAUsageError(string value)
    {
        Assert.Throws<UsageException>(() => LearnCommandLine.Parse(["--hooks", value]));
    }

    [Fact]
    public async Task Learn_UnknownHooks_IsAUsageErrorBeforeAnythingRuns()
    {
        var run = await CliRunner.RunAsync("", "learn", "--hooks", "kprobes", "--", "/bin/true");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("kprobes", run.Error, StringComparison.Ordinal);
    }
}
