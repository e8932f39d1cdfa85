using Bifrost.Core.Learning;

namespace Bifrost.Webhook.Lifecycle;

internal static partial class LifecycleLog
{
    [LoggerMessage(1500, LogLevel.Information, "{Namespace}/{Name}: {From} -> {To}: {Message}")]
    public static partial void PhaseChanged(ILogger logger, string @namespace, string name, ProfilePhase from, ProfilePhase to, string? message);

    [LoggerMessage(1501, LogLevel.Warning, "{Namespace}/{Name}: {Reason}: {Message}")]
    public static partial void Blocked(ILogger logger, string @namespace, string name, string reason, string message);

    [LoggerMessage(1502, LogLevel.Debug, "{Namespace}/{Name} changed meanwhile; evaluated again on the next round")]
    public static partial void Conflict(ILogger logger, string @namespace, string name);

    [LoggerMessage(1503, LogLevel.Warning, "Evaluating the profiles failed; trying again on the next round")]
    public static partial void Failed(ILogger logger, Exception error);

    [LoggerMessage(1504, LogLevel.Information, "The learning controller evaluates every profile every {Interval}; {Gate}")]
    public static partial void Started(ILogger logger, TimeSpan interval, string gate);

    [LoggerMessage(1505, LogLevel.Warning, "Could not record the Event {Reason} for {Namespace}/{Name}")]
    public static partial void EventFailed(ILogger logger, Exception error, string reason, string @namespace, string name);
}
