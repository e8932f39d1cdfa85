namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// A fact that needs the whole loop running in the KUBECONFIG cluster: the webhook ready and the node agent ready
/// on every node it is scheduled to (nodes with AppArmor and BTF, images loaded: see the project's README).
/// </summary>
public sealed class DeployedLoopFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(() => DeployedBifrost.Missing(agents: true));

    public DeployedLoopFactAttribute()
    {
        if (Reason.Value is { } reason)
            Skip = reason;
    }
}
