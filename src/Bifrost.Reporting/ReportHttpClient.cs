using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Reporting;

/// <summary>The HttpClient reports (from tracers and node agents) go through: TLS trusting the configured CA bundle when one is given.</summary>
public static class ReportHttpClient
{
    public static HttpClient Create(string? caFile, string? caPem = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caFile is not null || caPem is not null)
        {
            var trust = new X509Certificate2Collection();
            if (caFile is not null)
                trust.ImportFromPemFile(caFile);
            if (caPem is not null)
                trust.ImportFromPem(caPem);
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
                    chain.ChainPolicy.CustomTrustStore.AddRange(trust);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
