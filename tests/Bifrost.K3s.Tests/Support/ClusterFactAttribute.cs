namespace Bifrost.K3s.Tests.Support;

/// <summary>A fact that needs a Kubernetes API server (KUBECONFIG or k3s in Docker); skipped with the reason otherwise.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ClusterAvailability.Unavailable is { } reason)
            Skip = reason;
    }
}
