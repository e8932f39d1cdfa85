using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Webhook.Tls;

/// <summary>A certificate and its private key, both PEM.</summary>
internal sealed record IssuedCertificate(string CertificatePem, string KeyPem);

/// <summary>
/// Makes Bifrost's private CAs and the serving certificates they sign: ECDSA P-256 and SHA-256, as cert-manager's
/// overlay does. Validity starts a little in the past (a tenth of the lifetime, at most five minutes) so a node whose
/// clock is slightly behind still accepts a certificate made a moment ago.
/// </summary>
internal static class CertificateIssuer
{
    private static readonly TimeSpan MostBackdating = TimeSpan.FromMinutes(5);

    public static IssuedCertificate NewCa(DateTimeOffset now, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Every CA has its own name, so a client holding several never confuses one with another.
        var name = new X500DistinguishedName($"CN=Bifrost webhook CA {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}, O=bifrost.io");
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(now - Backdating(validity), now + validity);
        return new IssuedCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A serving certificate for <paramref name="names"/> (host names or IP addresses), never valid longer than its signer.</summary>
    public static IssuedCertificate NewLeaf(X509Certificate2 signer, IReadOnlyList<string> names, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={names[0]}, O=bifrost.io"), key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
                alternatives.AddIpAddress(address);
            else
                alternatives.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternatives.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notAfter = now + validity;
        var signerEnd = new DateTimeOffset(signer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > signerEnd)
            notAfter = signerEnd;
        using var certificate = request.Create(signer, now - Backdating(validity), notAfter, RandomNumberGenerator.GetBytes(16).Prepend((byte)0x01).ToArray());
        return new IssuedCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static TimeSpan Backdating(TimeSpan validity) => validity / 10 < MostBackdating ? validity / 10 : MostBackdating;
}
