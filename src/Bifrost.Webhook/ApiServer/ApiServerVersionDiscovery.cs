using Bifrost.Core.Admission;
using Bifrost.Kubernetes;
using k8s;

namespace Bifrost.Webhook.ApiServer;

/// <summary>
/// Reads the API server's version at start and again every <see cref="KubernetesOptions.VersionRefreshInterval"/>,
/// since a server can be upgraded under a running webhook. A failed read keeps the last version read (or the
/// fallback) and is retried with backoff; admission never waits for any of it.
/// </summary>
internal sealed class ApiServerVersionDiscovery(
    IKubernetes client,
    ApiServerVersion version,
    KubernetesOptions settings,
    ApiServerVersionMetrics metrics,
    TimeProvider time,
    ILogger<ApiServerVersionDiscovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                Read(await client.Version.GetCodeAsync(stoppingToken).ConfigureAwait(false));
                failures = 0;
                delay = settings.VersionRefreshInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure is retried; admission keeps the version it has meanwhile.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                metrics.Failed();
                delay = Backoff(failures);
                var held = version.Value;
                if (held.Source == VersionSource.Discovered)
                    ApiServerVersionLog.KeepsLast(logger, e, failures, held.Version, delay);
                else
                    ApiServerVersionLog.Fallback(logger, e, failures, held.Version, delay);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Read(k8s.Models.VersionInfo info)
    {
        if (!KubernetesVersion.TryParse(info.Major, info.Minor, info.GitVersion, out var read))
            throw new FormatException($"the API server answered GET /version with major '{info.Major}', minor '{info.Minor}', gitVersion '{info.GitVersion}', which name no Kubernetes version");

        var previous = version.Value;
        version.Set(read, VersionSource.Discovered, info.GitVersion);
        if (previous.Source != VersionSource.Discovered)
            ApiServerVersionLog.Discovered(logger, read, info.GitVersion, settings.VersionRefreshInterval);
        else if (previous.Version != read)
            ApiServerVersionLog.Changed(logger, previous.Version, read, info.GitVersion);
    }

    private TimeSpan Backoff(int failures)
    {
        var doubled = settings.MinBackoff * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = doubled < settings.MaxBackoff ? doubled : settings.MaxBackoff;
        return capped < settings.VersionRefreshInterval ? capped : settings.VersionRefreshInterval;
    }
}
