using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Reporting;

/// <summary>The HttpClient reports (from tracers and node agents) go through: TLS trusting the configured CA bundle when one is given.</summary>
public static class ReportHttpClient
{
    /// <param name="caFile">
    /// A PEM bundle read again on every new TLS connection, so a mounted Secret whose CAs rotate is followed without a
    /// restart; an unreadable file keeps the CAs read before.
    /// </param>
    /// <param name="caPem">A PEM bundle fixed for the life of the client (a tracer's, given at admission).</param>
    public static HttpClient Create(string? caFile, string? caPem = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caFile is not null || caPem is not null)
        {
            var trust = new TrustedCas(caFile, caPem);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(trust.Current());
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>The CAs of the file (as last read successfully) and the fixed PEM.</summary>
    private sealed class TrustedCas
    {
        private readonly string? file;
        private readonly X509Certificate2Collection fixedCas = [];
        private readonly Lock gate = new();
        private byte[] lastContent = [];
        private X509Certificate2Collection current;

        public TrustedCas(string? file, string? pem)
        {
            this.file = file;
            if (pem is not null)
                fixedCas.ImportFromPem(pem);
            current = [.. fixedCas];
            if (file is not null)
            {
                // At start the file must be readable: a wrong path is a configuration error, not a rotation.
                lastContent = File.ReadAllBytes(file);
                current = Combine(lastContent);
            }
        }

        public X509Certificate2Collection Current()
        {
            if (file is null)
                return current;
            lock (gate)
            {
                try
                {
                    var content = File.ReadAllBytes(file);
                    if (!content.AsSpan().SequenceEqual(lastContent))
                    {
                        current = Combine(content);
                        lastContent = content;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    // Half-written or briefly missing during a swap: the CAs read before still hold.
                }

                return current;
            }
        }

        private X509Certificate2Collection Combine(byte[] content)
        {
            var cas = new X509Certificate2Collection();
            cas.ImportFromPem(System.Text.Encoding.UTF8.GetString(content));
            cas.AddRange(fixedCas);
            return cas;
        }
    }
}
