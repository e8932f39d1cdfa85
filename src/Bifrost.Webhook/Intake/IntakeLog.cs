namespace Bifrost.Webhook.Intake;

internal static partial class IntakeLog
{
    [LoggerMessage(1400, LogLevel.Warning, "Rejected an observation report from {Remote}: {Status} {Reason}")]
    public static partial void Rejected(ILogger logger, string? remote, int status, string reason);

    [LoggerMessage(1401, LogLevel.Debug, "Accepted report {Sequence} of pod {Namespace}/{Pod} with {Count} observations")]
    public static partial void Accepted(ILogger logger, long sequence, string @namespace, string pod, int count);

    [LoggerMessage(1402, LogLevel.Information, "Merged {Reports} reports into {Workloads} profiles, {NewRules} new rules")]
    public static partial void Flushed(ILogger logger, int reports, int workloads, int newRules);

    [LoggerMessage(1403, LogLevel.Warning, "Merging reports into the profile store failed; they stay in the write-ahead log and are retried")]
    public static partial void FlushFailed(ILogger logger, Exception error);

    [LoggerMessage(1404, LogLevel.Information, "Created BifrostProfile {Namespace}/{Name} for {Kind} {Workload}")]
    public static partial void Created(ILogger logger, string @namespace, string name, string kind, string workload);

    [LoggerMessage(1405, LogLevel.Information, "Reports are written ahead to {Directory} and merged every {Interval}")]
    public static partial void Started(ILogger logger, string directory, TimeSpan interval);

    [LoggerMessage(1406, LogLevel.Warning, "{Count} observations from pod {Namespace}/{Pod} name a container id its status does not know (its sandbox); left out")]
    public static partial void Unattributed(ILogger logger, int count, string @namespace, string pod);

    [LoggerMessage(1407, LogLevel.Warning, "Recording Event {Reason} on BifrostProfile {Namespace}/{Name} failed")]
    public static partial void EventFailed(ILogger logger, Exception exception, string reason, string @namespace, string name);

    [LoggerMessage(1408, LogLevel.Warning, "{Reason} on BifrostProfile {Namespace}/{Name}: {Message}")]
    public static partial void Noticed(ILogger logger, string reason, string @namespace, string name, string message);
}
