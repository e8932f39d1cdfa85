using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bifrost.Webhook.Tls;

/// <summary>A certificate with its private key, usable by SslStream, and the hash of the files it came from.</summary>
internal sealed record ServingCertificate(X509Certificate2 Certificate, byte[] ContentHash)
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

    public string Describe() =>
        $"subject '{Certificate.Subject}', serial {Certificate.SerialNumber}, valid until {Certificate.NotAfter.ToUniversalTime():u}";
}
