namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// A fact that needs Bifrost running in the KUBECONFIG cluster (`make image deploy`, or `kubectl apply -k
/// manifests/overlays/dev` with the images loaded into the nodes).
/// </summary>
public sealed class DeployedWebhookFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(() => DeployedBifrost.Missing(agents: false));

    public DeployedWebhookFactAttribute()
    {
        if (Reason.Value is { } reason)
            Skip = reason;
    }
}
