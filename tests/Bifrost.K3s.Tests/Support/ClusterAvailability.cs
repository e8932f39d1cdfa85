using k8s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// Where cluster tests run: the cluster KUBECONFIG names when it answers, else a k3s container when a Docker
/// engine answers, else nowhere (with the reason). Probed once per test run, with short timeouts.
/// </summary>
internal static class ClusterAvailability
{
    private static readonly Lazy<(ClusterSource Source, string? Reason)> Probe = new(Detect);

    public static ClusterSource Source => Probe.Value.Source;

    /// <summary>Why no cluster is available, or null when one is.</summary>
    public static string? Unavailable => Probe.Value.Reason;

    public static string? KubeconfigPath => Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator)[0];

    private static (ClusterSource, string?) Detect()
    {
        var kubeconfig = KubeconfigPath;
        string kubeReason;
        if (string.IsNullOrEmpty(kubeconfig))
            kubeReason = "KUBECONFIG is unset";
        else if (!File.Exists(kubeconfig))
            kubeReason = $"KUBECONFIG names {kubeconfig}, which does not exist";
        else if (ApiServerAnswers(kubeconfig) is { } error)
            kubeReason = $"the KUBECONFIG cluster does not answer ({error})";
        else
            return (ClusterSource.Kubeconfig, null);

        return DockerEngine.Answers
            ? (ClusterSource.K3sContainer, null)
            : (ClusterSource.None, $"no cluster: {kubeReason} and no Docker engine answers at {DockerEngine.SocketPath}");
    }

    private static string? ApiServerAnswers(string kubeconfig)
    {
        try
        {
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            client.Version.GetCodeAsync(timeout.Token).GetAwaiter().GetResult();
            return null;
        }
#pragma warning disable CA1031 // Any failure means the cluster is not usable; the reason is reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.GetType().Name;
        }
    }
}

internal enum ClusterSource
{
    None,
    Kubeconfig,
    K3sContainer,
}
