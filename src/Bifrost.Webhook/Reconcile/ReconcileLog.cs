namespace Bifrost.Webhook.Reconcile;

internal static partial class ReconcileLog
{
    [LoggerMessage(1950, LogLevel.Information, "Looking for running pods that slipped past admission every {Interval}; restarting their workloads: {Restart}")]
    public static partial void Started(ILogger logger, TimeSpan interval, bool restart);

    [LoggerMessage(1951, LogLevel.Warning, "Pod {Namespace}/{Name} of {Workload} runs unprotected ({Reason}): {Detail}")]
    public static partial void Unprotected(ILogger logger, string @namespace, string name, string workload, string reason, string detail);

    [LoggerMessage(1952, LogLevel.Information, "{Count} running pods checked, {Unprotected} unprotected")]
    public static partial void Round(ILogger logger, int count, int unprotected);

    [LoggerMessage(1953, LogLevel.Warning, "Looking for unprotected pods failed; trying again on the next round")]
    public static partial void Failed(ILogger logger, Exception error);

    [LoggerMessage(1954, LogLevel.Debug, "The namespace or profile caches have not synced yet; looking for unprotected pods on the next round")]
    public static partial void NotSynced(ILogger logger);

    [LoggerMessage(1955, LogLevel.Warning, "The Event {Reason} on {Kind} {Namespace}/{Name} could not be recorded")]
    public static partial void EventFailed(ILogger logger, Exception error, string reason, string kind, string @namespace, string name);

    [LoggerMessage(1956, LogLevel.Information, "{Workload} restarted for its unprotected pods: {Message}")]
    public static partial void Restarted(ILogger logger, string workload, string message);

    [LoggerMessage(1957, LogLevel.Warning, "{Workload}: the restart for its unprotected pods failed; not tried again within the cooldown: {Message}")]
    public static partial void RestartFailed(ILogger logger, Exception? error, string workload, string message);

    [LoggerMessage(1958, LogLevel.Information, "{Count} workloads with unprotected pods wait for a restart in a later round (Bifrost:Reconcile:MaxRestartsPerInterval)")]
    public static partial void RestartsDeferred(ILogger logger, int count);
}
