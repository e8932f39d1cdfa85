using Microsoft.Extensions.Logging;

namespace Bifrost.Tracing.Sidecar;

internal static partial class SidecarLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Critical, Message = "Invalid setting: {Problem}")]
    public static partial void InvalidSetting(ILogger logger, string problem);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Critical, Message = "Tracing unavailable: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Tracing pod cgroup {Pod}, excluding own cgroup {Own}")]
    public static partial void Scoped(ILogger logger, string pod, string own);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Stopping: {Observations} observations, {Dropped} dropped in the kernel, {Pending} unsent")]
    public static partial void Stopping(ILogger logger, int observations, ulong dropped, int pending);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Container {Container} was already running when the tracer attached: its start was not seen, and its reports say so")]
    public static partial void StartMissed(ILogger logger, string container);
}
