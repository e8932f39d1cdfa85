using Bifrost.Core.Admission;

namespace Bifrost.Webhook.ApiServer;

/// <summary>Log events of the API server's version (ids 1700-1799).</summary>
internal static partial class ApiServerVersionLog
{
    [LoggerMessage(1700, LogLevel.Information, "Admission decides pods for Kubernetes {Version}, set by Bifrost:Admission:KubernetesVersion; the API server is not asked")]
    public static partial void FromSetting(ILogger logger, KubernetesVersion version);

    [LoggerMessage(1701, LogLevel.Information, "No cluster and no Bifrost:Admission:KubernetesVersion: admission decides pods for Kubernetes {Version} and newer")]
    public static partial void Newest(ILogger logger, KubernetesVersion version);

    [LoggerMessage(1702, LogLevel.Information, "The API server is Kubernetes {Version} ({GitVersion}); admission decides pods for it and reads the version again every {Interval}")]
    public static partial void Discovered(ILogger logger, KubernetesVersion version, string? gitVersion, TimeSpan interval);

    [LoggerMessage(1703, LogLevel.Warning, "The API server changed from Kubernetes {Previous} to {Version} ({GitVersion}); admission follows")]
    public static partial void Changed(ILogger logger, KubernetesVersion previous, KubernetesVersion version, string? gitVersion);

    [LoggerMessage(1704, LogLevel.Warning, "Cannot read the API server's version ({Failures} in a row): admission uses the fallback Kubernetes {Fallback} (Bifrost:Admission:FallbackKubernetesVersion) until it can; retrying in {Delay}")]
    public static partial void Fallback(ILogger logger, Exception error, int failures, KubernetesVersion fallback, TimeSpan delay);

    [LoggerMessage(1705, LogLevel.Warning, "Cannot read the API server's version ({Failures} in a row): admission keeps Kubernetes {Version}, read before; retrying in {Delay}")]
    public static partial void KeepsLast(ILogger logger, Exception error, int failures, KubernetesVersion version, TimeSpan delay);
}
