using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>The real webhook app on real Kestrel, HTTPS on a free port of 127.0.0.1, and a client that trusts the test CA.</summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private WebhookServer(WebApplication app, Uri baseAddress, HttpClient client)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = client;
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    public static string[] Arguments(string certFile, string keyFile, IEnumerable<string>? settings = null) =>
    [
        "--urls", "https://127.0.0.1:0",
        $"--Bifrost:Tls:CertFile={certFile}",
        $"--Bifrost:Tls:KeyFile={keyFile}",
        "--Bifrost:Kubernetes:Enabled=false",
        "--Logging:LogLevel:Default=Warning",
        .. StateSettings(Path.Combine(Path.GetTempPath(), "bifrost-state-" + Guid.NewGuid().ToString("N"))),
        .. settings ?? [],
    ];

    /// <summary>Where a webhook keeps its reports and profiles: a directory of the test's own, never the working directory.</summary>
    public static string[] StateSettings(string directory) =>
    [
        $"--Bifrost:Intake:WalDirectory={Path.Combine(directory, "wal")}",
        $"--Bifrost:Intake:TokenFile={Path.Combine(directory, "token")}",
        $"--Bifrost:Profiles:Directory={Path.Combine(directory, "profiles")}",
    ];

    public static async Task<WebhookServer> StartAsync(
        TestCertificates certificates, IEnumerable<string>? settings = null, Action<WebApplicationBuilder>? configure = null,
        string? certFile = null, string? keyFile = null, IEnumerable<X509Certificate2>? trusted = null)
    {
        var app = WebhookApp.Build(Arguments(certFile ?? certificates.CertFile, keyFile ?? certificates.KeyFile, settings), configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Urls.Single());
        return new WebhookServer(app, address, CreateClient(address, trusted ?? [certificates.Ca]));
    }

    /// <summary>An app started by the test itself, with the client it chose.</summary>
    public static WebhookServer Wrap(WebApplication app, Uri baseAddress, HttpClient client) => new(app, baseAddress, client);

    public static HttpClient CreateClient(Uri baseAddress, IEnumerable<X509Certificate2> trusted)
    {
        var roots = trusted.ToList();
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(roots, certificate, errors);
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The certificate the server presents on a fresh TLS handshake (pooled connections would hide a reload).</summary>
    public async Task<X509Certificate2> ServedCertificateAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
        // Whatever is served is what the test inspects, trusted or not (a reload may switch to another CA).
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    public async Task<string> MetricsAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    // Chain validation against the test CA only: the machine's trust store has never heard of it.
    private static bool Trusts(List<X509Certificate2> roots, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        return chain.Build(leaf);
    }
}
