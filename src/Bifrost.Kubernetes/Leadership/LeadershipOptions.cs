using System.Text.RegularExpressions;

namespace Bifrost.Kubernetes.Leadership;

/// <summary>
/// Which webhook replica runs the learning controller: the holder of a coordination.k8s.io Lease.
/// Bound from <c>Bifrost:Leadership</c>; only used in a cluster.
/// </summary>
public sealed partial record LeadershipOptions
{
    public const string SectionName = "Bifrost:Leadership";

    public string LeaseName { get; init; } = "bifrost-webhook-lifecycle";

    /// <summary>Unset: the webhook's own namespace (POD_NAMESPACE, else the service account's namespace file).</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>Unset: the pod name (POD_NAME, else HOSTNAME). Must differ between replicas.</summary>
    public string? Identity { get; init; }

    /// <summary>How long a lease that is not renewed keeps the others waiting.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops leading; shorter than the lease, so it stops first.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Validate()
    {
        if (!DnsSubdomain().IsMatch(LeaseName))
            yield return $"{SectionName}:LeaseName must be a lowercase DNS subdomain of at most 253 characters, got '{LeaseName}'.";
        if (LeaseNamespace is not null && !DnsLabel().IsMatch(LeaseNamespace))
            yield return $"{SectionName}:LeaseNamespace must be a namespace name (a lowercase DNS label), got '{LeaseNamespace}'.";
        if (Identity is not null && string.IsNullOrWhiteSpace(Identity))
            yield return $"{SectionName}:Identity must not be blank; leave it unset to use the pod name.";
        if (RetryPeriod <= TimeSpan.Zero)
            yield return $"{SectionName}:RetryPeriod must be positive, got {RetryPeriod}.";
        // The elector waits up to 1.2 retry periods for one attempt, so a shorter deadline could never renew.
        else if (RenewDeadline <= RetryPeriod * 1.2)
            yield return $"{SectionName}:RenewDeadline must be longer than 1.2 x {SectionName}:RetryPeriod ({RetryPeriod}), got {RenewDeadline}.";
        if (LeaseDuration < TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:LeaseDuration must be at least 1 s (the Lease stores whole seconds), got {LeaseDuration}.";
        else if (LeaseDuration <= RenewDeadline)
            yield return $"{SectionName}:LeaseDuration must be longer than {SectionName}:RenewDeadline ({RenewDeadline}), got {LeaseDuration}.";
    }

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
