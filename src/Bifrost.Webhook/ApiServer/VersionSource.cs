namespace Bifrost.Webhook.ApiServer;

/// <summary>Where the Kubernetes version that admission uses came from.</summary>
internal enum VersionSource
{
    /// <summary><c>Bifrost:Admission:KubernetesVersion</c>.</summary>
    Setting,

    /// <summary>The API server's <c>GET /version</c>.</summary>
    Discovered,

    /// <summary><c>Bifrost:Admission:FallbackKubernetesVersion</c>, while the API server's version cannot be read.</summary>
    Fallback,

    /// <summary>No cluster and no setting: the newest behaviour.</summary>
    Newest,
}
