using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Webhook.Tls;

/// <summary>
/// What the self-managed Secret holds: the serving certificate (<c>tls.crt</c>, <c>tls.key</c>), the CAs clients
/// trust (<c>ca.crt</c>, the same bundle as the webhook configuration's <c>caBundle</c> and the injected tracer's),
/// the CA that signs now and the next one, published before it signs. Only <c>tls.crt</c>, <c>tls.key</c> and
/// <c>ca.crt</c> are mounted into the replicas; the CA keys are read through the API by the leader alone.
/// <see cref="Version"/> is the Secret's resourceVersion, null for one not stored yet.
/// </summary>
internal sealed record CertificateSet(
    string TlsCert, string TlsKey, string CaBundle, string SignerCert, string SignerKey, string NextCert, string NextKey, string? Version = null)
{
    public const string TlsCertKey = "tls.crt";
    public const string TlsKeyKey = "tls.key";
    public const string CaBundleKey = "ca.crt";
    public const string SignerCertKey = "ca-signer.crt";
    public const string SignerKeyKey = "ca-signer.key";
    public const string NextCertKey = "ca-next.crt";
    public const string NextKeyKey = "ca-next.key";

    public static IReadOnlyList<string> Keys { get; } = [TlsCertKey, TlsKeyKey, CaBundleKey, SignerCertKey, SignerKeyKey, NextCertKey, NextKeyKey];

    public IReadOnlyDictionary<string, string> ToData() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TlsCertKey] = TlsCert,
        [TlsKeyKey] = TlsKey,
        [CaBundleKey] = CaBundle,
        [SignerCertKey] = SignerCert,
        [SignerKeyKey] = SignerKey,
        [NextCertKey] = NextCert,
        [NextKeyKey] = NextKey,
    };

    /// <summary>The set in <paramref name="data"/>, or a reason it is not a complete one (a Secret of someone else's, or half-written).</summary>
    public static CertificateSet? FromData(IReadOnlyDictionary<string, string> data, string? version, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(data);
        var missing = Keys.Where(key => !data.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        problem = missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : null;
        return problem is null
            ? new CertificateSet(data[TlsCertKey], data[TlsKeyKey], data[CaBundleKey], data[SignerCertKey], data[SignerKeyKey], data[NextCertKey], data[NextKeyKey], version)
            : null;
    }

    /// <summary>The PEM bundle of <paramref name="certificates"/>, in order.</summary>
    public static string Bundle(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    /// <summary>The certificates of a PEM bundle; throws <see cref="CryptographicException"/> for one that is not PEM.</summary>
    public static List<X509Certificate2> ParseBundle(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        if (certificates.Count == 0 && pem.Trim().Length > 0)
            throw new CryptographicException("the CA bundle holds no PEM certificate");
        return [.. certificates];
    }

    /// <summary>SHA-256 of the DER certificate, hex: how a replica's served certificate is compared with the Secret's.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
