using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bifrost.Webhook.Tls;

/// <summary>
/// A certificate with its private key, usable by SslStream, and the hash of the files it came from. A
/// <see cref="Provisional"/> one is made in memory while self-managed certificates are not written yet: enough for
/// probes, never ready.
/// </summary>
internal sealed record ServingCertificate(X509Certificate2 Certificate, byte[] ContentHash, bool Provisional = false)
{
    public static byte[] Hash(byte[] certPem, byte[] keyPem)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(certPem);
        sha.AppendData(keyPem);
        return sha.GetHashAndReset();
    }

    /// <summary>Builds the certificate; throws <see cref="CryptographicException"/> or <see cref="ArgumentException"/> for a bad or mismatched pair.</summary>
    public static ServingCertificate Create(byte[] certPem, byte[] keyPem)
    {
        using var pem = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certPem), Encoding.UTF8.GetString(keyPem));
        if (!pem.HasPrivateKey)
            throw new CryptographicException("the key file holds no private key for the certificate");

        // A key imported from PEM is ephemeral; a PKCS#12 round trip gives one that SslStream can use on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        return new ServingCertificate(certificate, Hash(certPem, keyPem));
    }

    /// <summary>A self-signed certificate for the time before the real one exists, so liveness probes (which do not verify) pass.</summary>
    public static ServingCertificate NewProvisional(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bifrost-webhook provisional, O=bifrost.io", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var usable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        return new ServingCertificate(usable, [], Provisional: true);
    }

    public string Describe() =>
        $"subject '{Certificate.Subject}', serial {Certificate.SerialNumber}, valid until {Certificate.NotAfter.ToUniversalTime():u}";
}
