using k8s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// A fact that needs the whole loop running in the KUBECONFIG cluster: the webhook ready and the node agent ready
/// on every node it is scheduled to (nodes with AppArmor and BTF, images loaded: see the project's README).
/// </summary>
public sealed class DeployedLoopFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(Check);

    public DeployedLoopFactAttribute()
    {
        if (Reason.Value is { } reason)
            Skip = reason;
    }

    private static string? Check()
    {
        if (ClusterAvailability.Source != ClusterSource.Kubeconfig)
            return $"needs Bifrost's webhook and node agents in the KUBECONFIG cluster ({ClusterAvailability.Unavailable ?? "a k3s container has no Bifrost images"})";
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterAvailability.KubeconfigPath));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var webhook = client.AppsV1.ReadNamespacedDeploymentAsync("bifrost-webhook", "bifrost-system", cancellationToken: timeout.Token).GetAwaiter().GetResult();
            if (!(webhook.Status?.ReadyReplicas > 0))
                return "bifrost-system/bifrost-webhook has no ready replica";
            var agent = client.AppsV1.ReadNamespacedDaemonSetAsync("bifrost-agent", "bifrost-system", cancellationToken: timeout.Token).GetAwaiter().GetResult();
            var (ready, wanted) = (agent.Status?.NumberReady ?? 0, agent.Status?.DesiredNumberScheduled ?? 0);
            return wanted > 0 && ready == wanted ? null : $"bifrost-system/bifrost-agent is ready on {ready} of {wanted} nodes";
        }
#pragma warning disable CA1031 // Not found, forbidden or unreachable all mean: not deployed here.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"Bifrost is not deployed in the KUBECONFIG cluster ({e.GetType().Name})";
        }
    }
}
