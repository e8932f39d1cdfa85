using System.Net;

namespace Bifrost.Webhook.Tls;

/// <summary>
/// Serving certificates Bifrost makes and rotates itself, the default in a cluster without cert-manager. Bound from
/// <c>Bifrost:Tls:SelfManaged</c>. The leader keeps a private CA and the serving certificate in one Secret, puts the
/// CAs clients must trust into the MutatingWebhookConfiguration's <c>caBundle</c>, and rotates; every replica serves
/// what the Secret holds through its mounted files (<see cref="TlsOptions.CertFile"/>).
/// </summary>
internal sealed record SelfManagedOptions
{
    public const string SectionName = "Bifrost:Tls:SelfManaged";

    /// <summary>Off (the default outside a cluster, and with cert-manager): the certificate files are someone else's.</summary>
    public bool Enabled { get; init; }

    /// <summary>The Secret holding the CAs and the serving certificate; its <c>tls.crt</c>, <c>tls.key</c> and <c>ca.crt</c> are what replicas mount.</summary>
    public string SecretName { get; init; } = "bifrost-webhook-tls";

    /// <summary>The MutatingWebhookConfiguration whose every webhook gets the CA bundle.</summary>
    public string WebhookConfiguration { get; init; } = "bifrost";

    /// <summary>Names in the serving certificate; empty for the webhook and intake Services of Bifrost's namespace (or localhost outside a cluster).</summary>
    public string[] DnsNames { get; init; } = [];

    /// <summary>How long a serving certificate is valid; it is replaced at two thirds of that.</summary>
    public TimeSpan LeafValidity { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a CA is valid. Each CA is published one third of it before it signs, signs for the next third, and
    /// stays trusted for the last, so a client that learned the bundle once (an injected tracer) keeps working
    /// through one CA rotation.
    /// </summary>
    public TimeSpan CaValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>How often the leader checks the Secret, the webhook configuration and what each replica serves.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Label selector of the webhook's pods in its namespace, whose served certificate ends an overlap.</summary>
    public string ReplicaSelector { get; init; } = "app.kubernetes.io/name=bifrost-webhook";

    /// <summary>The HTTPS port every replica serves on.</summary>
    public int ReplicaPort { get; init; } = 8443;

    /// <summary>Outside a cluster: other replicas' HTTPS addresses (this process's own are always checked).</summary>
    public string[] Replicas { get; init; } = [];

    /// <summary>The names for the certificate: <see cref="DnsNames"/>, or the defaults for <paramref name="ns"/> (null outside a cluster).</summary>
    public IReadOnlyList<string> NamesFor(string? ns) => DnsNames.Length > 0 ? DnsNames
        : ns is null ? ["localhost", "127.0.0.1"]
        : [$"bifrost-webhook.{ns}.svc", $"bifrost-webhook.{ns}.svc.cluster.local", $"bifrost-intake.{ns}.svc", $"bifrost-intake.{ns}.svc.cluster.local"];

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
            yield break;
        if (string.IsNullOrWhiteSpace(SecretName))
            yield return $"{SectionName}:SecretName must name the Secret that holds the certificates.";
        if (string.IsNullOrWhiteSpace(WebhookConfiguration))
            yield return $"{SectionName}:WebhookConfiguration must name Bifrost's MutatingWebhookConfiguration.";
        if (LeafValidity < TimeSpan.FromSeconds(3) || LeafValidity > TimeSpan.FromDays(397))
            yield return $"{SectionName}:LeafValidity must be between 00:00:03 and 397 days, got {LeafValidity}.";
        if (CaValidity < 3 * LeafValidity)
            yield return $"{SectionName}:CaValidity ({CaValidity}) must be at least three times LeafValidity ({LeafValidity}): a CA signs for a third of its life and its last certificate must expire before it does.";
        if (CheckInterval < TimeSpan.FromMilliseconds(100) || CheckInterval > LeafValidity / 6)
            yield return $"{SectionName}:CheckInterval must be between 00:00:00.1 and a sixth of LeafValidity ({LeafValidity / 6}), got {CheckInterval}.";
        if (ReplicaPort is < 1 or > 65535)
            yield return $"{SectionName}:ReplicaPort must be a TCP port, got {ReplicaPort}.";
        foreach (var name in DnsNames.Where(n => string.IsNullOrWhiteSpace(n) || (Uri.CheckHostName(n) == UriHostNameType.Unknown && !IPAddress.TryParse(n, out _))))
            yield return $"{SectionName}:DnsNames: '{name}' is not a host name or IP address.";
        foreach (var replica in Replicas.Where(r => !Uri.TryCreate(r, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            yield return $"{SectionName}:Replicas: '{replica}' is not an https:// address.";
    }
}
