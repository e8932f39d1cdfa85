using Bifrost.Agent.Kernel;
using Bifrost.Agent.Loading;
using Bifrost.Agent.Packages;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The agent's main loop. First, before any API call, the profile directory goes into the kernel (after a reboot,
/// pods already bound here need their profiles). Then the desired set comes from the BifrostProfile watch and the
/// watch of this node's pods (for learning profiles no BifrostProfile lists yet); every change, and every resync
/// interval, is reconciled and the node's BifrostNode status written. When <c>bifrost uninstall</c> asks (see
/// <see cref="UninstallSignal"/>), the agent cleans the node once, reports it, and loads nothing more until it stops.
/// </summary>
internal sealed class AgentWorker(
    ProfileLoader loader,
    DesiredProfiles desired,
    PackageSubjects packages,
    IClusterClient cluster,
    UninstallSignal uninstall,
    AgentStatus status,
    AgentOptions options,
    KubernetesOptions kubernetes,
    TimeProvider time,
    ILogger<AgentWorker> logger) : BackgroundService
{
    private readonly NodeKernel kernel = NodeKernel.Read(options.ProcRoot, options.SysRoot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.RestoreAsync(stoppingToken).ConfigureAwait(false);
        status.Restored = true;

        var watching = Task.WhenAll(
            WatchAsync(cluster.WatchProfilesAsync, Both<ProfileEvent>(desired.Apply, packages.Apply), (delay, e) => ClusterLog.WatchFailed(logger, delay, e), stoppingToken),
            WatchAsync(ct => cluster.WatchPodsAsync(options.NodeName, ct), Both<PodEvent>(Both<PodEvent>(desired.Apply, packages.Apply), uninstall.Apply), (delay, e) => ClusterLog.PodWatchFailed(logger, delay, e), stoppingToken));
        try
        {
            while (!stoppingToken.IsCancellationRequested && !uninstall.Requested.IsCompleted)
            {
                await Task.WhenAny(desired.WaitForChangeAsync(options.ResyncInterval, stoppingToken), uninstall.Requested).ConfigureAwait(false);
                if (uninstall.Requested.IsCompleted || !desired.Synced)
                    continue;
                await ReconcileOnceAsync(stoppingToken).ConfigureAwait(false);
            }

            if (uninstall.Requested.IsCompleted)
            {
                await UninstallAsync(await uninstall.Requested.ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await watching.ConfigureAwait(false);
    }

    /// <summary>Reconciles the current desired set and reports it; public for tests that drive the loop step by step.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var statuses = await loader.ReconcileAsync(desired.Snapshot(), cancellationToken).ConfigureAwait(false);
        var wasSynced = status.Synced;
        status.Synced = true;
        if (!wasSynced && loader.Ready)
            ClusterLog.NodeReady(logger, statuses.Count, loader.KernelEnabled ? "loaded" : "compiled only");
        var report = new BifrostNodeStatus
        {
            Ready = loader.Ready && status.Restored,
            AppArmorEnabled = loader.KernelEnabled,
            AuditSource = status.AuditSource,
            KernelRelease = kernel.Release,
            Btf = kernel.Btf,
            CgroupV2 = kernel.CgroupV2,
            UpdatedAt = time.GetUtcNow(),
            Profiles = statuses,
        };
        try
        {
            await cluster.WriteNodeStatusAsync(options.NodeName, report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ClusterLog.StatusFailed(logger, options.NodeName, e);
        }
    }

    /// <summary>Cleans the node and reports it until the report is written (the uninstall waits for it).</summary>
    private async Task UninstallAsync(string request, CancellationToken cancellationToken)
    {
        var result = await loader.UninstallAsync(request, cancellationToken).ConfigureAwait(false);
        var report = new BifrostNodeStatus
        {
            Ready = false,
            AppArmorEnabled = loader.KernelEnabled,
            AuditSource = status.AuditSource,
            UpdatedAt = time.GetUtcNow(),
            Uninstall = result,
        };
        var backoff = Backoff.Of(kubernetes);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cluster.WriteNodeStatusAsync(options.NodeName, report, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClusterLog.StatusFailed(logger, options.NodeName, e);
                await Task.Delay(backoff.Delay(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Action<T> Both<T>(Action<T> first, Action<T> second) => change =>
    {
        first(change);
        second(change);
    };

    private async Task WatchAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> watch, Action<T> apply, Action<TimeSpan, Exception> failed, CancellationToken stoppingToken)
    {
        var backoff = Backoff.Of(kubernetes);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in watch(stoppingToken).ConfigureAwait(false))
                {
                    apply(change);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = backoff.Delay(++failures);
                failed(delay, e);
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
    }
}
