using k8s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// Whether Bifrost runs in the KUBECONFIG cluster: the webhook with a ready replica and, when asked, the node agent
/// ready on every node it is scheduled to. A throwaway k3s container has no Bifrost images, so that counts as absent.
/// </summary>
internal static class DeployedBifrost
{
    /// <summary>Why the tests cannot run here, or null.</summary>
    public static string? Missing(bool agents)
    {
        var wanted = agents ? "Bifrost's webhook and node agents" : "Bifrost deployed";
        if (ClusterAvailability.Source != ClusterSource.Kubeconfig)
            return $"needs {wanted} in the KUBECONFIG cluster ({ClusterAvailability.Unavailable ?? "a k3s container has no Bifrost images"})";
        try
        {
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterAvailability.KubeconfigPath));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var webhook = client.AppsV1.ReadNamespacedDeploymentAsync("bifrost-webhook", "bifrost-system", cancellationToken: timeout.Token).GetAwaiter().GetResult();
            if (!(webhook.Status?.ReadyReplicas > 0))
                return "bifrost-system/bifrost-webhook has no ready replica";
            if (!agents)
                return null;
            var agent = client.AppsV1.ReadNamespacedDaemonSetAsync("bifrost-agent", "bifrost-system", cancellationToken: timeout.Token).GetAwaiter().GetResult();
            var (ready, scheduled) = (agent.Status?.NumberReady ?? 0, agent.Status?.DesiredNumberScheduled ?? 0);
            return scheduled > 0 && ready == scheduled ? null : $"bifrost-system/bifrost-agent is ready on {ready} of {scheduled} nodes";
        }
#pragma warning disable CA1031 // Not found, forbidden or unreachable all mean: not deployed here.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"Bifrost is not deployed in the KUBECONFIG cluster ({e.GetType().Name})";
        }
    }
}
