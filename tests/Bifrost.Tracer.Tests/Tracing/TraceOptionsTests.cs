using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>BIFROST_TRACER_HOOKS, the default hook path of a node (read through <see cref="TraceOptions.HooksNamed"/>).</summary>
public sealed class TraceOptionsTests
{
    [Theory]
    [InlineData(null, HookPath.Auto)]
    [InlineData("", HookPath.Auto)]
    [InlineData("syscalls", HookPath.Syscalls)]
    [InlineData("LSM", HookPath.Lsm)]
    [InlineData("Auto", HookPath.Auto)]
    public void HooksNamed_APathInAnyCase_IsThatPath(string? text, HookPath expected)
    {
        Assert.Equal(expected, TraceOptions.HooksNamed(text));
    }

    [Theory]
    [InlineData("kprobe")]
    [InlineData("1")]
    public void HooksNamed_NoPath_IsRefusedAtStart(string text)
    {
        var problems = new TraceOptions { Hooks = TraceOptions.HooksNamed(text) }.Validate().ToList();

        Assert.Contains(problems, p => p.StartsWith("Hooks must be one of", StringComparison.Ordinal) && p.Contains("BIFROST_TRACER_HOOKS", StringComparison.Ordinal));
    }
}
