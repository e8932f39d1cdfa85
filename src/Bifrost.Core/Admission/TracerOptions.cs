using Bifrost.Core.Wire;
namespace Bifrost.Core.Admission;

/// <summary>The tracer sidecar as the webhook injects it. Bound from <c>Bifrost:Admission:Tracer</c>.</summary>
public sealed record TracerOptions
{
    /// <summary>The tracer of this build's own version, so a webhook injects the tracer released with it.</summary>
    public string Image { get; init; } = $"ghcr.io/bifrost-io/bifrost-tracer:{BifrostVersion.ImageTag}";
    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>Where the tracer reports observations (the webhook service).</summary>
    public string Endpoint { get; init; } = "https://bifrost-webhook.bifrost-system.svc:443";

    /// <summary>Audience of the projected service-account token the tracer presents.</summary>
    public string TokenAudience { get; init; } = IntakeApi.TokenAudience;
    public int TokenExpirationSeconds { get; init; } = 3600;

    /// <summary>Run privileged; when false the tracer gets only CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE and CAP_SYS_ADMIN.</summary>
    public bool Privileged { get; init; } = true;

    /// <summary>
    /// PEM of the CA that signed the webhook's serving certificate, given to the tracer as BIFROST_CA_PEM so it can
    /// trust the endpoint. The webhook fills it from <see cref="CaFile"/> at start.
    /// </summary>
    public string? CaBundle { get; init; }

    /// <summary>Where the webhook reads <see cref="CaBundle"/> from; empty for ca.crt beside the serving certificate.</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// Mount the node's /sys/fs/cgroup read-only into the tracer: a privileged container gets a private cgroup
    /// namespace and would otherwise not see its pod's other containers.
    /// </summary>
    public bool MountHostCgroups { get; init; } = true;

    public string CpuRequest { get; init; } = "20m";
    public string MemoryRequest { get; init; } = "64Mi";
    public string? CpuLimit { get; init; }
    public string MemoryLimit { get; init; } = "128Mi";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Image))
            yield return "Bifrost:Admission:Tracer:Image must name the tracer image.";
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
            yield return $"Bifrost:Admission:Tracer:Endpoint must be an absolute https URL, got '{Endpoint}'.";
        if (string.IsNullOrWhiteSpace(TokenAudience))
            yield return "Bifrost:Admission:Tracer:TokenAudience must not be empty.";
        if (TokenExpirationSeconds < 600)
            yield return $"Bifrost:Admission:Tracer:TokenExpirationSeconds must be at least 600 (the kubelet's minimum), got {TokenExpirationSeconds}.";
        if (ImagePullPolicy is not ("Always" or "IfNotPresent" or "Never"))
            yield return $"Bifrost:Admission:Tracer:ImagePullPolicy must be Always, IfNotPresent or Never, got '{ImagePullPolicy}'.";
        if (Image.Any(char.IsWhiteSpace))
            yield return $"Bifrost:Admission:Tracer:Image must be an image reference without spaces, got '{Image}'.";

        // The API server rejects a pod whose quantities do not parse or whose request exceeds its limit: with the
        // webhook's Ignore policy that would be every protected pod, so both are checked here.
        foreach (var error in Resources("Cpu", CpuRequest, CpuLimit).Concat(Resources("Memory", MemoryRequest, MemoryLimit)))
            yield return error;
    }

    private static IEnumerable<string> Resources(string resource, string request, string? limit)
    {
        var requestOk = ResourceQuantity.TryParse(request, out var requested);
        if (!requestOk)
            yield return $"Bifrost:Admission:Tracer:{resource}Request must be a Kubernetes quantity such as {Example(resource)}, got '{request}'.";
        if (limit is null || limit.Length == 0)
            yield break;
        if (!ResourceQuantity.TryParse(limit, out var limited))
            yield return $"Bifrost:Admission:Tracer:{resource}Limit must be a Kubernetes quantity such as {Example(resource)}, or empty for none, got '{limit}'.";
        else if (requestOk && requested > limited)
            yield return $"Bifrost:Admission:Tracer:{resource}Request ({request}) must not be more than Bifrost:Admission:Tracer:{resource}Limit ({limit}).";
    }

    private static string Example(string resource) => resource == "Cpu" ? "20m" : "64Mi";
}
