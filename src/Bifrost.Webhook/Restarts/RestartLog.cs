namespace Bifrost.Webhook.Restarts;

internal static partial class RestartLog
{
    [LoggerMessage(1810, LogLevel.Information, "{Namespace}/{Kind}/{Name} restarted after the switch to enforce: {Message}")]
    public static partial void Restarted(ILogger logger, string @namespace, string kind, string name, string message);

    [LoggerMessage(1811, LogLevel.Information, "{Namespace}/{Kind}/{Name} asked for a restart after the switch to enforce, but is not restarted: {Message}")]
    public static partial void Unsupported(ILogger logger, string @namespace, string kind, string name, string message);

    [LoggerMessage(1812, LogLevel.Warning, "{Namespace}/{Kind}/{Name}: the restart after the switch to enforce failed and is not retried: {Message}")]
    public static partial void Failed(ILogger logger, Exception? error, string @namespace, string kind, string name, string message);
}
