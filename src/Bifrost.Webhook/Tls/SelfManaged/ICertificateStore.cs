namespace Bifrost.Webhook.Tls;

/// <summary>
/// What the store holds now: a complete set, or why there is none. <see cref="Version"/> is null when nothing is
/// stored (writing then creates); <see cref="Owner"/> names another tool that owns what is stored (cert-manager),
/// which Bifrost then never writes.
/// </summary>
internal sealed record StoredCertificates(CertificateSet? Set, string? Problem, string? Version, string? Owner = null)
{
    public static StoredCertificates None { get; } = new(null, "not created yet", null);
}

/// <summary>Where the self-managed certificates live (a Secret) and where clients learn which CAs to trust (the webhook configuration).</summary>
internal interface ICertificateStore
{
    /// <summary>Where, for messages: "Secret bifrost-system/bifrost-webhook-tls".</summary>
    string Location { get; }

    Task<StoredCertificates> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Creates the set (no <paramref name="version"/>) or replaces the one of that version; <see cref="CertificateStoreConflictException"/> when it changed meanwhile.</summary>
    Task WriteAsync(CertificateSet set, string? version, CancellationToken cancellationToken);

    /// <summary>The CA bundle each webhook of the configuration trusts now (PEM; empty for none).</summary>
    Task<IReadOnlyList<string>> ReadPublishedAsync(CancellationToken cancellationToken);

    /// <summary>Makes every webhook of the configuration trust exactly <paramref name="bundlePem"/>.</summary>
    Task PublishAsync(string bundlePem, CancellationToken cancellationToken);
}

/// <summary>Another writer changed the certificates first; the next round starts from what it wrote.</summary>
internal sealed class CertificateStoreConflictException(string message) : Exception(message);
