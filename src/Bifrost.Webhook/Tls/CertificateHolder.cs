using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Webhook.Tls;

/// <summary>The certificate Kestrel serves right now; swapped whole by the reloader, read on every TLS handshake.</summary>
internal sealed class CertificateHolder
{
    private volatile ServingCertificate? current;

    public ServingCertificate? Current => current;

    public X509Certificate2? Certificate => current?.Certificate;

    // The previous certificate is left to the garbage collector: a handshake in flight may still be using it.
    public void Set(ServingCertificate certificate) => current = certificate;
}
