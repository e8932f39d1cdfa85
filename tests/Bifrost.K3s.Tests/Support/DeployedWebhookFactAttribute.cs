using k8s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// A fact that needs Bifrost running in the KUBECONFIG cluster (`make image deploy`, or `kubectl apply -k
/// manifests/overlays/dev` with the image loaded into the nodes). A throwaway k3s container has no Bifrost
/// image, so these skip there, as they do without any cluster.
/// </summary>
public sealed class DeployedWebhookFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(Check);

    public DeployedWebhookFactAttribute()
    {
        if (Reason.Value is { } reason)
            Skip = reason;
    }

    private static string? Check()
    {
        if (ClusterAvailability.Source != ClusterSource.Kubeconfig)
            return $"needs Bifrost deployed in the KUBECONFIG cluster ({ClusterAvailability.Unavailable ?? "a k3s container has no Bifrost image"})";
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterAvailability.KubeconfigPath));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var deployment = client.AppsV1.ReadNamespacedDeploymentAsync("bifrost-webhook", "bifrost-system", cancellationToken: timeout.Token).GetAwaiter().GetResult();
            return deployment.Status?.ReadyReplicas > 0 ? null : "bifrost-system/bifrost-webhook has no ready replica";
        }
#pragma warning disable CA1031 // Not found, forbidden or unreachable all mean: not deployed here.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"bifrost-system/bifrost-webhook is not deployed in the KUBECONFIG cluster ({e.GetType().Name})";
        }
    }
}
