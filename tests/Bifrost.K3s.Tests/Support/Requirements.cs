namespace Bifrost.K3s.Tests.Support;

/// <summary>A Kubernetes API server: KUBECONFIG, or k3s in Docker.</summary>
public sealed class KubernetesCluster : IRequirement
{
    public string? Problem => ClusterAvailability.Unavailable;
}

/// <summary>The docker command and an engine that answers.</summary>
public sealed class DockerDaemon : IRequirement
{
    public string? Problem =>
        Tools.Find("docker") is null ? "the docker command is not on PATH"
        : DockerEngine.Answers ? null
        : $"no Docker engine answers at {DockerEngine.SocketPath}";
}

/// <summary>
/// Bifrost running in the KUBECONFIG cluster (`make image deploy`, or `kubectl apply -k manifests/overlays/dev` with the
/// images loaded into the nodes).
/// </summary>
public sealed class DeployedWebhook : IRequirement
{
    public string? Problem => DeployedBifrost.Missing(agents: false);
}

/// <summary>
/// The whole loop running in the KUBECONFIG cluster: the webhook ready and the node agent ready on every node it is
/// scheduled to (nodes with AppArmor and BTF, images loaded: see the project's README).
/// </summary>
public sealed class DeployedLoop : IRequirement
{
    public string? Problem => DeployedBifrost.Missing(agents: true);
}
