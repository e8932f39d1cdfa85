using Bifrost.Tracing.Tracing;
using Microsoft.Extensions.Logging;

namespace Bifrost.Tracing.Local;

/// <summary>Options of one local learning run.</summary>
public sealed record LocalLearnOptions
{
    /// <summary>The container name the observations carry; defaults to the command's file name.</summary>
    public string? Container { get; init; }

    public TraceOptions Trace { get; init; } = new();

    /// <summary>
    /// A root filesystem to run the command in (as <c>chroot</c> would); null runs it in the host's. The root needs its
    /// own <c>/bin/sh</c>, and whatever the command needs there (<c>/proc</c>, <c>/dev</c>) mounted by the caller.
    /// </summary>
    public string? Root { get; init; }

    /// <summary>How long to wait, after the command exits, for processes it left behind in its cgroup.</summary>
    public TimeSpan LingerLimit { get; init; } = TimeSpan.FromSeconds(1);

    public ILogger? Logger { get; init; }
}
