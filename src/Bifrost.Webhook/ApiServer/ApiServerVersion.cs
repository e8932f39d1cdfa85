using Bifrost.Core.Admission;

namespace Bifrost.Webhook.ApiServer;

/// <summary>
/// The Kubernetes version admission decides with, held in memory: admission reads it and never waits for the API
/// server. It starts from the setting, or with no cluster the newest behaviour, or in a cluster the fallback until
/// <see cref="ApiServerVersionDiscovery"/> has read the real one.
/// </summary>
internal sealed class ApiServerVersion : IServerVersion
{
    private readonly ApiServerVersionMetrics metrics;
    private volatile Snapshot current;

    public ApiServerVersion(AdmissionOptions settings, bool cluster, ApiServerVersionMetrics metrics)
    {
        this.metrics = metrics;
        current = settings.ConfiguredVersion() is { } configured ? new Snapshot(configured, VersionSource.Setting, settings.KubernetesVersion)
            : cluster ? new Snapshot(settings.FallbackVersion(), VersionSource.Fallback, null)
            : new Snapshot(KubernetesVersion.Newest, VersionSource.Newest, null);
        metrics.Using(null, current);
    }

    public KubernetesVersion Current => current.Version;

    public Snapshot Value => current;

    public void Set(KubernetesVersion version, VersionSource source, string? gitVersion)
    {
        var next = new Snapshot(version, source, gitVersion);
        var previous = current;
        if (previous == next)
            return;
        current = next;
        metrics.Using(previous, next);
    }

    /// <summary>A version with its source; <c>Detail</c> is the setting's text or the server's gitVersion, as given.</summary>
    internal sealed record Snapshot(KubernetesVersion Version, VersionSource Source, string? Detail);
}
