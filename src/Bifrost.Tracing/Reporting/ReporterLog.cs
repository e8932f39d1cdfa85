using Microsoft.Extensions.Logging;

namespace Bifrost.Tracing.Reporting;

internal static partial class ReporterLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Report {Sequence} with {Count} observations accepted")]
    public static partial void Sent(ILogger logger, long sequence, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Report {Sequence} not accepted ({Reason}); retrying in {Backoff}")]
    public static partial void SendFailed(ILogger logger, long sequence, string reason, TimeSpan backoff);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "{Pending} observations waiting; dropping new ones until the service accepts reports")]
    public static partial void Full(ILogger logger, int pending);
}
