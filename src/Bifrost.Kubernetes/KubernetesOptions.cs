namespace Bifrost.Kubernetes;

/// <summary>Talking to the API server. Bound from <c>Bifrost:Kubernetes</c>.</summary>
public sealed record KubernetesOptions
{
    public const string SectionName = "Bifrost:Kubernetes";

    /// <summary>Watch the API server; unset means "when running in a pod" (in-cluster configuration detected).</summary>
    public bool? Enabled { get; init; }

    /// <summary>Kubeconfig used when enabled outside a cluster; unset means KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>How long one watch request stays open before it is renewed from the last resource version.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a failed list or watch; doubled on each failure in a row up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the API server's version is read again: clusters are upgraded under a running webhook.</summary>
    public TimeSpan VersionRefreshInterval { get; init; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (Kubeconfig is { Length: > 0 } && !File.Exists(Kubeconfig))
            yield return $"Bifrost:Kubernetes:Kubeconfig: {Path.GetFullPath(Kubeconfig)} does not exist.";
        if (WatchTimeout < TimeSpan.FromSeconds(10) || WatchTimeout > TimeSpan.FromHours(1))
            yield return $"Bifrost:Kubernetes:WatchTimeout must be between 00:00:10 and 01:00:00, got {WatchTimeout}.";
        if (MinBackoff <= TimeSpan.Zero)
            yield return $"Bifrost:Kubernetes:MinBackoff must be positive, got {MinBackoff}.";
        if (MaxBackoff < MinBackoff)
            yield return $"Bifrost:Kubernetes:MaxBackoff must be at least Bifrost:Kubernetes:MinBackoff ({MinBackoff}), got {MaxBackoff}.";
        if (VersionRefreshInterval < TimeSpan.FromSeconds(1) || VersionRefreshInterval > TimeSpan.FromDays(1))
            yield return $"Bifrost:Kubernetes:VersionRefreshInterval must be between 00:00:01 and 1.00:00:00, got {VersionRefreshInterval}.";
    }
}
