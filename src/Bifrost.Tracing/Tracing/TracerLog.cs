using Microsoft.Extensions.Logging;

namespace Bifrost.Tracing.Tracing;

internal static partial class TracerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Capability checks: {Source} ({Reason})")]
    public static partial void CapabilityHooks(ILogger logger, CapabilitySource source, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Syscall hooks: {Hooks}")]
    public static partial void SyscallHooks(ILogger logger, string hooks);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "eBPF object: {Build}")]
    public static partial void Build(ILogger logger, string build);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Attached {Programs} eBPF programs in {Milliseconds:F0} ms, tracing cgroup {CgroupId} at level {Level}")]
    public static partial void Attached(ILogger logger, int programs, double milliseconds, ulong cgroupId, int level);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The kernel dropped {Dropped} records (ring buffer full): the profile is partial")]
    public static partial void Dropped(ILogger logger, ulong dropped);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Ring buffer polling stopped: {Error}")]
    public static partial void PollFailed(ILogger logger, string error);
}
