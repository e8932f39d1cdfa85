using System.Security.Cryptography;
using System.Text;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// AppArmor profile names for a workload's containers. Parts are joined with '_', which no Kubernetes
/// name contains, so two workloads never share a name; long names keep a stable hash of the full identity.
/// </summary>
public static class ProfileNames
{
    public const string Prefix = "bifrost_";

    /// <summary>Bound on a name, well under what AppArmor, containerd and Kubernetes accept.</summary>
    public const int MaxLength = 200;

    private const string LearnSuffix = "_learn";

    /// <summary>
    /// The one complain-mode profile every node agent loads at start. A container learns under it until its own
    /// learning profile is loaded on every node: a pod naming a profile its node lacks cannot start, and a
    /// workload's own profile exists only once its first pod has reported. Complain mode allows everything,
    /// so sharing it costs nothing while learning; the tracer tells containers apart by cgroup.
    /// </summary>
    public const string Bootstrap = "bifrost_bootstrap";

    /// <summary>The one complain-mode profile per container, replaced in place as it grows.</summary>
    public static string Learning(WorkloadIdentity workload, string container) => Build(workload, container, LearnSuffix);

    /// <summary>Whether a name is a container's own learning profile (not the shared bootstrap, not an enforce profile).</summary>
    public static bool IsLearning(string name) =>
        IsBifrost(name) && name.EndsWith(LearnSuffix, StringComparison.Ordinal) && name.Length > Prefix.Length + LearnSuffix.Length;

    /// <summary>Whether a name is one Bifrost hands out: its prefix, and only characters a profile name may carry unquoted.</summary>
    public static bool IsBifrost(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.Length <= MaxLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>An enforce profile: the name carries a short hash of the profile text, so each version is distinct.</summary>
    public static string Enforce(WorkloadIdentity workload, string container, string profileText) =>
        Build(workload, container, "_" + ShortHash(profileText, 10));

    private static string Build(WorkloadIdentity workload, string container, string suffix)
    {
        var name = $"{Prefix}{workload.Namespace}_{KindCode(workload.Kind)}_{workload.Name}_{container}{suffix}";
        if (name.Length <= MaxLength)
            return name;

        var hash = ShortHash($"{workload}/{container}", 12);
        var budget = MaxLength - (Prefix.Length + suffix.Length + hash.Length + 4);
        var head = $"{workload.Namespace}_{KindCode(workload.Kind)}_{workload.Name}_{container}";
        return $"{Prefix}{head[..budget].TrimEnd('_', '-', '.')}_{hash}{suffix}";
    }

    private static string KindCode(string kind) => kind switch
    {
        "Deployment" => "deploy",
        "StatefulSet" => "sts",
        "DaemonSet" => "ds",
        "ReplicaSet" => "rs",
        "Job" => "job",
        "CronJob" => "cronjob",
        "Pod" => "pod",
        _ => kind.ToLowerInvariant(),
    };

    internal static string ShortHash(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
