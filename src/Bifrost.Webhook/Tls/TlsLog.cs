namespace Bifrost.Webhook.Tls;

/// <summary>Log events of the serving certificate (ids 1100-1199).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(1100, LogLevel.Information, "Serving certificate loaded from {CertFile}: {Certificate}")]
    public static partial void Loaded(ILogger logger, string certFile, string certificate);

    [LoggerMessage(1101, LogLevel.Information, "Serving certificate reloaded from {CertFile}: {Certificate}")]
    public static partial void Reloaded(ILogger logger, string certFile, string certificate);

    [LoggerMessage(1102, LogLevel.Warning, "New certificate files {CertFile} and {KeyFile} are not a usable pair yet ({Error}); still serving the previous certificate, will retry")]
    public static partial void ReloadFailed(ILogger logger, string certFile, string keyFile, string error);

    [LoggerMessage(1103, LogLevel.Warning, "Serving certificate expires at {NotAfter:u}, in less than {Days} days")]
    public static partial void ExpiresSoon(ILogger logger, DateTime notAfter, int days);

    [LoggerMessage(1104, LogLevel.Warning, "Cannot watch {Directory} for certificate changes ({Error}); relying on the periodic check every {Interval}")]
    public static partial void WatchUnavailable(ILogger logger, string directory, string error, TimeSpan interval);

    [LoggerMessage(1105, LogLevel.Debug, "Certificate files changed on disk ({Change}); checking")]
    public static partial void Changed(ILogger logger, string change);
}
