namespace Bifrost.Agent.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Reading AppArmor audit records from {Source}")]
    public static partial void SourceChosen(ILogger logger, string source);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Audit source {Source} not used: {Reason}")]
    public static partial void SourceSkipped(ILogger logger, string source, string? reason);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "No audit source available: denials under enforce will not roll workloads back on this node")]
    public static partial void NoSource(ILogger logger);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Learning batch for {Profile}: {Count} observations")]
    public static partial void LearningBatch(ILogger logger, string profile, int count);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "Rollback of {Profile} to complain: {Denials} denials, {Distinct} distinct accesses")]
    public static partial void Rollback(ILogger logger, string profile, long denials, int distinct);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Audit source {Source} ended; reopening")]
    public static partial void SourceEnded(ILogger logger, string source);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Error, Message = "Handing audit results on failed")]
    public static partial void SinkFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Information, Message = "Audit source kmsg not used: {Path} does not exist")]
    public static partial void KmsgMissing(ILogger logger, string path);
}
