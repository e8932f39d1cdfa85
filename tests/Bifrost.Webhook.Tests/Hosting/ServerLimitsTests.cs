using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Tests.Hosting;

/// <summary>
/// Kestrel's limits on the real webhook over real TLS: a header flood is 431, an overlong request line 414, a body
/// past the server's limit 413, and a client that trickles its headers or its body is cut off.
/// </summary>
public sealed class ServerLimitsTests
{
    private static readonly string Review = File.ReadAllText(Repository.Path("tests", "Bifrost.Core.Tests", "Admission", "Cases", "bare-pod-opted-in-by-annotation", "request.json"));

    [Fact]
    public async Task A_header_flood_is_431()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = new StringContent(Review, Encoding.UTF8, "application/json") };
        for (var i = 0; i < 80; i++)
            request.Headers.Add($"X-Flood-{i}", "x");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_overlong_request_line_is_414()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates);

        using var response = await server.Client.PostAsync(new Uri("/mutate?" + new string('a', 9000), UriKind.Relative), new StringContent(Review));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Mutate_keeps_its_own_body_limit_past_the_servers_and_names_it_when_exceeded()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Server:MaxRequestBodyBytes=4096", "--Bifrost:Webhook:MaxRequestBytes=16384"]);

        using var review = await server.Client.PostAsync(new Uri("/mutate", UriKind.Relative), new StringContent(Review.PadRight(8192), Encoding.UTF8, "application/json"));
        using var huge = await server.Client.PostAsync(new Uri("/mutate", UriKind.Relative), new StringContent(Review.PadRight(32768), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("Bifrost:Webhook:MaxRequestBytes", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_trickles_its_headers_is_cut_off()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Server:RequestHeadersTimeout=00:00:01"]);
        await using var tls = await ConnectAsync(server, certificates);

        await tls.WriteAsync(Encoding.ASCII.GetBytes("POST /mutate HTTP/1.1\r\nHost: localhost\r\n"));
        var closed = await ClosedWithinAsync(tls, Patience.Of(TimeSpan.FromSeconds(15)), trickle: "X-Slow: 1\r\n");

        Assert.True(closed, "the server kept a connection whose headers never ended");
    }

    [Fact]
    public async Task A_client_that_trickles_its_body_is_cut_off()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Server:MinRequestBodyGracePeriod=00:00:02"]);
        await using var tls = await ConnectAsync(server, certificates);

        await tls.WriteAsync(Encoding.ASCII.GetBytes($"POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {64 * 1024}\r\n\r\n{{"));
        var closed = await ClosedWithinAsync(tls, Patience.Of(TimeSpan.FromSeconds(15)), trickle: " ");

        Assert.True(closed, "the server kept a connection whose body arrived at a byte a second");
    }

    [Fact]
    public async Task The_listen_backlog_setting_reaches_the_socket_transport()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Server:ListenBacklog=2048"]);

        var sockets = server.App.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(2048, sockets.Backlog);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void The_listen_backlog_defaults_to_the_kernels_usual_cap_rather_than_512()
    {
        Assert.Equal(4096, new Bifrost.Webhook.Hosting.ServerOptions().ListenBacklog);
        Assert.Empty(new Bifrost.Webhook.Hosting.ServerOptions().Validate());
    }

    [Fact]
    public void Every_limit_is_checked_at_start()
    {
        var problems = new Bifrost.Webhook.Hosting.ServerOptions
        {
            RequestHeadersTimeout = TimeSpan.Zero,
            MinRequestBodyGracePeriod = TimeSpan.FromMilliseconds(10),
            MaxRequestHeaderCount = 2,
            MaxConcurrentConnections = 0,
            ListenBacklog = 0,
        }.Validate().ToList();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Bifrost:Server:ListenBacklog", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("Bifrost:Server:", p, StringComparison.Ordinal));
    }

    private static async Task<SslStream> ConnectAsync(WebhookServer server, TestCertificates certificates)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        _ = certificates;
        return tls;
    }

    /// <summary>
    /// Sends <paramref name="trickle"/> once a second until the server closes the connection (or answers and closes it);
    /// false when it is still open after <paramref name="limit"/>.
    /// </summary>
    private static async Task<bool> ClosedWithinAsync(SslStream tls, TimeSpan limit, string trickle)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[4096];
        var reading = tls.ReadAsync(buffer).AsTask();
        while (clock.Elapsed < limit)
        {
            var done = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1)));
            if (done == reading)
            {
                try
                {
                    // An answer (408) then the close, or the close alone.
                    if (await reading == 0)
                        return true;
                    reading = tls.ReadAsync(buffer).AsTask();
                    continue;
                }
                catch (IOException)
                {
                    return true;
                }
            }

            try
            {
                await tls.WriteAsync(Encoding.ASCII.GetBytes(trickle));
            }
            catch (IOException)
            {
                return true;
            }
        }

        return false;
    }
}
