using System.Security.Cryptography;
using System.Text;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Reporting;

namespace Bifrost.Cli.Learn;

/// <summary>
/// Where <c>bifrost learn --report</c> sends what it learned, and as which pod: the webhook's intake sees the
/// same kind of report a tracer sidecar sends, so a local run feeds the workload's profile like a pod would.
/// </summary>
internal sealed record ReportTarget
{
    public required Uri Endpoint { get; init; }

    public required string TokenFile { get; init; }

    public string? CaFile { get; init; }

    public required ReportPod Pod { get; init; }

    public required ReportWorkload Workload { get; init; }

    /// <summary>How long to keep resending before giving up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the <c>--report</c> options together; a missing or malformed one is a usage error naming it.</summary>
    public static ReportTarget Create(string endpoint, string? tokenFile, string? caFile, string? pod, string? podUid, string? workload, TimeSpan timeout)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new UsageException($"--report takes the webhook's https URL, got '{endpoint}'");
        if (string.IsNullOrWhiteSpace(tokenFile))
            throw new UsageException("--report needs --token-file (the webhook's Bifrost:Intake:TokenFile)");
        var (ns, name) = Split(pod, "--pod", "NAMESPACE/NAME");
        var (kind, workloadName) = Split(workload, "--workload", "KIND/NAME, e.g. Deployment/web");
        return new ReportTarget
        {
            Endpoint = uri,
            TokenFile = tokenFile,
            CaFile = caFile,
            Pod = new ReportPod { Namespace = ns, Name = name, Uid = string.IsNullOrWhiteSpace(podUid) ? UidFor(ns, name) : podUid },
            Workload = new ReportWorkload { Kind = kind, Name = workloadName },
            Timeout = timeout,
        };
    }

    /// <summary>
    /// A UID for a pod that has none: the same for the same namespace and name, so running <c>learn</c> again
    /// for one pod is recognised as that pod (its reports resume its sequence rather than counting a new pod).
    /// </summary>
    public static string UidFor(string @namespace, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(@namespace + "/" + name));
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    public ReporterOptions ToReporterOptions(int observations) => new()
    {
        Endpoint = Endpoint,
        TokenFile = TokenFile,
        CaFile = CaFile,
        Pod = Pod,
        Workload = Workload,
        BatchInterval = TimeSpan.FromMilliseconds(500),
        MaxBackoff = TimeSpan.FromSeconds(5),
        MaxPending = Math.Max(observations, 1),
    };

    private static (string, string) Split(string? value, string option, string shape)
    {
        if (value is null)
            throw new UsageException($"--report needs {option} {shape}");
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < value.Length - 1 && value.IndexOf('/', slash + 1) < 0
            ? (value[..slash], value[(slash + 1)..])
            : throw new UsageException($"{option} takes {shape}, got '{value}'");
    }
}
