using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Bifrost.Webhook.Tls;

/// <summary>The certificate one replica presented, or why it could not be asked.</summary>
internal sealed record ReplicaCertificate(string Replica, string? Fingerprint, string? Error);

/// <summary>What every replica of the webhook serves right now, asked with a TLS handshake of its own.</summary>
internal interface IReplicaCertificates
{
    Task<IReadOnlyList<ReplicaCertificate>> ServedAsync(string serverName, CancellationToken cancellationToken);
}

/// <summary>A TLS handshake that only reads the certificate presented: nothing is sent and nothing is verified.</summary>
internal static class TlsProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<ReplicaCertificate> AskAsync(string replica, string host, int port, string serverName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
            await using (tls.ConfigureAwait(false))
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }, timeout.Token).ConfigureAwait(false);
                using var served = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
                return new ReplicaCertificate(replica, CertificateSet.Fingerprint(served), null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReplicaCertificate(replica, null, $"no TLS handshake within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return new ReplicaCertificate(replica, null, e.Message);
        }
    }
}
