using Bifrost.Core.AppArmor;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Learn;

/// <summary>The options of <c>bifrost learn</c> before its <c>--</c>, checked together before anything runs.</summary>
internal sealed record LearnOptions
{
    public string Format { get; init; } = "profile";

    public ProfileMode Mode { get; init; } = ProfileMode.Enforce;

    public string? Name { get; init; }

    public string? Container { get; init; }

    public string? Output { get; init; }

    /// <summary>The root filesystem to run the command in; null for the host's.</summary>
    public string? Root { get; init; }

    /// <summary>
    /// The raw sys_exit hook by default: a learning run ends when its command does, and the raw hooks detach at
    /// once, where each per-syscall tracepoint takes tens of milliseconds (about 1.5 s for all of them).
    /// </summary>
    public TraceOptions Trace { get; init; } = new() { PerSyscallTracepoints = false };

    /// <summary>Where to send the observations; null without <c>--report</c>.</summary>
    public ReportTarget? Report { get; init; }
}
