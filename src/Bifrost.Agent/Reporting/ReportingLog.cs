namespace Bifrost.Agent.Reporting;

internal static partial class ReportingLog
{
    [LoggerMessage(EventId = 6400, Level = LogLevel.Information, Message = "Reported {Source} observations for {Namespace}/{Workload}: {Count}")]
    public static partial void Sent(ILogger logger, string source, string? @namespace, string workload, int count);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Could not report {Source} observations for {Namespace}/{Workload}: {Failure}; {Pending} reports wait, next try in {Backoff}")]
    public static partial void SendFailed(ILogger logger, string source, string? @namespace, string workload, string failure, int pending, TimeSpan backoff);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Information, Message = "Reporting audit observations to {Endpoint} as pod {Namespace}/{Pod}")]
    public static partial void Reporting(ILogger logger, Uri endpoint, string @namespace, string pod);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Warning, Message = "Bifrost:Agent:ReportEndpoint is not set: ALLOWED and DENIED records are only logged, so pods without a tracer do not learn and denials do not roll back")]
    public static partial void NotReporting(ILogger logger);
}
