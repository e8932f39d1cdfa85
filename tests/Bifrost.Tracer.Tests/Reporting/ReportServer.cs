using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bifrost.Core.Observations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bifrost.Tracer.Tests.Reporting;

/// <summary>A real Kestrel HTTPS server standing in for the webhook's /v1/observations, which can be taken "down".</summary>
internal sealed class ReportServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ReportServer(WebApplication app, string caFile)
    {
        this.app = app;
        CaFile = caFile;
    }

    public ConcurrentQueue<(string? Authorization, ObservationReport Report)> Received { get; } = new();

    public volatile bool Down;

    public string CaFile { get; }

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<ReportServer> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var caFile = Path.Combine(Path.GetTempPath(), $"bifrost-report-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, created.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new ReportServer(app, caFile);
        app.MapPost("/v1/observations", async (HttpContext context) =>
        {
            if (server.Down)
            {
                return Results.StatusCode(503);
            }
            var report = await JsonSerializer.DeserializeAsync<ObservationReport>(context.Request.Body, ObservationJson.Options);
            server.Received.Enqueue((context.Request.Headers.Authorization.ToString(), report!));
            return Results.Accepted();
        });
        await app.StartAsync();
        var address = app.Urls.First();
        server.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        File.Delete(CaFile);
    }
}
