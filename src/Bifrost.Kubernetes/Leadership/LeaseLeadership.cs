using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace Bifrost.Kubernetes.Leadership;

/// <summary>
/// Competes for the Lease with KubernetesClient's <see cref="LeaderElector"/> for as long as the process runs: a replica
/// that loses the lease stops leading within the renew deadline and competes again, and never exits for it. On shutdown
/// the leader hands the lease back, so a rolling update moves the controller at once instead of after the lease expires.
/// </summary>
public sealed class LeaseLeadership(
    IKubernetes client, LeadershipOptions options, LeadershipMetrics metrics, TimeProvider time, ILogger<LeaseLeadership> logger)
    : BackgroundService, ILeadership
{
    private readonly string identity = options.Identity ?? throw new ArgumentException("The identity must be resolved.", nameof(options));
    private readonly string @namespace = options.LeaseNamespace ?? throw new ArgumentException("The lease namespace must be resolved.", nameof(options));
    private volatile bool leading;

    public bool IsLeader => leading;

    public string Identity => identity;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LeadershipLog.Competing(logger, identity, @namespace, options.LeaseName);
        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, @namespace, options.LeaseName, identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        elector.OnStartedLeading += () => Lead(true);
        var heldAtShutdown = false;
        elector.OnStoppedLeading += () =>
        {
            // The elector says it stopped before this method's finally runs; remember whether shutdown is why.
            heldAtShutdown |= leading && stoppingToken.IsCancellationRequested;
            Lead(false, shuttingDown: stoppingToken.IsCancellationRequested);
        };
        elector.OnNewLeader += leader => LeadershipLog.NewLeader(logger, leader);
        elector.OnError += error => LeadershipLog.LeaseError(logger, error);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // An unreachable API server is no reason to stop serving admission; compete again later.
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    Lead(false);
                    LeadershipLog.Failed(logger, e, options.RetryPeriod);
                    await Task.Delay(options.RetryPeriod, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            heldAtShutdown |= leading;
            Lead(false, shuttingDown: true);
            if (heldAtShutdown)
                await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private void Lead(bool now, bool shuttingDown = false)
    {
        if (leading == now)
            return;
        leading = now;
        metrics.Leading(now);
        if (now)
            LeadershipLog.Started(logger, identity);
        else if (!shuttingDown)
            LeadershipLog.Stopped(logger, identity);
    }

    // An empty holder (not a missing one) is what lets the other electors take the lease on their next attempt.
    private async Task ReleaseAsync()
    {
        using var deadline = new CancellationTokenSource(options.RenewDeadline, time);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, @namespace, cancellationToken: deadline.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != identity)
                return;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, @namespace, cancellationToken: deadline.Token).ConfigureAwait(false);
            LeadershipLog.Released(logger, identity);
        }
#pragma warning disable CA1031 // Not releasing only delays the next leader until the lease expires.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LeadershipLog.ReleaseFailed(logger, e, identity);
        }
    }
}
