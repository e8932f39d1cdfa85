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

    [LoggerMessage(1106, LogLevel.Warning, "No serving certificate at {CertFile} yet ({Error}); serving a provisional one, not ready, until the self-managed Secret {Secret} is written and mounted")]
    public static partial void AwaitingSelfManaged(ILogger logger, string certFile, string secret, string error);

    [LoggerMessage(1110, LogLevel.Information, "Self-managed certificates created in {Location}: serving certificate {Leaf}, trusted CAs {Trusted}")]
    public static partial void Created(ILogger logger, string location, string leaf, int trusted);

    [LoggerMessage(1111, LogLevel.Information, "Serving certificate rotated in {Location} ({Reason}){CaRotated}: {Leaf}; {Trusted} CAs trusted until every replica serves it")]
    public static partial void Rotated(ILogger logger, string location, string reason, string caRotated, string leaf, int trusted);

    [LoggerMessage(1112, LogLevel.Information, "Every replica serves the current certificate; the CA bundle is down to {Trusted} CAs (the signing and the next)")]
    public static partial void OverlapEnded(ILogger logger, int trusted);

    [LoggerMessage(1113, LogLevel.Information, "Waiting for replicas to serve the new certificate before the old CA is dropped: {Replicas}")]
    public static partial void AwaitingReplicas(ILogger logger, string replicas);

    [LoggerMessage(1114, LogLevel.Warning, "The CA bundle of MutatingWebhookConfiguration {Configuration} lacks CAs of {Location}; publishing it again")]
    public static partial void Republished(ILogger logger, string configuration, string location);

    [LoggerMessage(1115, LogLevel.Warning, "{Location} is not usable ({Problem}); making a new CA and serving certificate, the CAs published so far stay trusted until every replica serves it")]
    public static partial void Replacing(ILogger logger, string location, string problem);

    [LoggerMessage(1116, LogLevel.Error, "{Location} is {Owner}'s; Bifrost does not manage it. Turn Bifrost:Tls:SelfManaged:Enabled off with cert-manager (manifests/overlays/cert-manager does)")]
    public static partial void Foreign(ILogger logger, string location, string owner);

    [LoggerMessage(1117, LogLevel.Warning, "Self-managed certificate round failed ({Error}); serving continues, retrying in {Interval}")]
    public static partial void RoundFailed(ILogger logger, string error, TimeSpan interval);

    [LoggerMessage(1118, LogLevel.Information, "Certificates changed meanwhile ({Error}); starting again from what is stored")]
    public static partial void Conflict(ILogger logger, string error);
}
