using Bifrost.Cli.Learn;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Tests.Learn;

public sealed class LearnHooksOptionTests
{
    [Theory]
    [InlineData(new string[0], HookPath.Auto)]
    [InlineData(new[] { "--hooks", "lsm" }, HookPath.Lsm)]
    [InlineData(new[] { "--hooks", "syscalls" }, HookPath.Syscalls)]
    public void Parse_Hooks_IsTheTracersHookPath(string[] options, HookPath expected)
    {
        Assert.Equal(expected, LearnCommandLine.Parse(options).Trace.Hooks);
    }

    [Fact]
    public void Parse_UnknownHooks_IsAUsageError()
    {
        Assert.Throws<UsageException>(() => LearnCommandLine.Parse(["--hooks", "kprobe"]));
    }
}
