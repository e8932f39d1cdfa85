namespace Bifrost.Core.Wire;

/// <summary>The environment the webhook gives the tracer sidecar and the sidecar reads: each name defined once.</summary>
public static class TracerEnvironment
{
    /// <summary>The intake's https URL.</summary>
    public const string Endpoint = "BIFROST_ENDPOINT";

    /// <summary>The projected service-account token's file (default <see cref="IntakeApi.DefaultTokenFile"/>).</summary>
    public const string TokenFile = "BIFROST_TOKEN_FILE";

    /// <summary>The CA that signed the webhook's serving certificate, as PEM text.</summary>
    public const string CaPem = "BIFROST_CA_PEM";

    /// <summary>The same CA as a file (local runs).</summary>
    public const string CaFile = "BIFROST_CA_FILE";

    /// <summary>Where the host's cgroup tree is mounted in the sidecar.</summary>
    public const string CgroupRoot = "BIFROST_CGROUP_ROOT";

    public const string PodName = "BIFROST_POD_NAME";
    public const string PodNamespace = "BIFROST_POD_NAMESPACE";
    public const string PodUid = "BIFROST_POD_UID";
    public const string NodeName = "BIFROST_NODE_NAME";
    public const string WorkloadKind = "BIFROST_WORKLOAD_KIND";
    public const string WorkloadName = "BIFROST_WORKLOAD_NAME";

    /// <summary>The containers traced, <c>name=profile</c> comma-separated.</summary>
    public const string Containers = "BIFROST_CONTAINERS";

    /// <summary>The containers' images, <c>name=image</c> comma-separated.</summary>
    public const string Images = "BIFROST_IMAGES";

    /// <summary>Where the sidecar writes its ready, attached and unavailable files (default /run/bifrost).</summary>
    public const string RunDirectory = "BIFROST_RUN_DIR";
}
